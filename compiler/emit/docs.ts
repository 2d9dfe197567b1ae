/**
 * TSDoc from IDL doc comments and `@deprecated`. Two outputs of one model:
 * ts-morph JSDoc structures (declarations) and plain text (members written
 * inside object literals and union types).
 */
import { StructureKind, type JSDocStructure, type OptionalKind } from "ts-morph";
import type { Annotation, DocComment } from "../ast.js";

export interface DocTag {
  tagName: string;
  text?: string;
}

export interface Documented {
  doc?: DocComment;
  annotations: readonly Annotation[];
}

/** Description lines and tags of a documented node, or undefined when there is nothing to say. */
export interface DocModel {
  description: string;
  tags: DocTag[];
}

/** The doc model: description from the doc comment, `@deprecated why` from the annotation. */
export function docModel(node: Documented, extraTags: readonly DocTag[] = []): DocModel | undefined {
  const description = node.doc === undefined ? "" : clean(node.doc.text);
  const tags = [...extraTags];
  const deprecated = node.annotations.find((a) => a.name.text === "deprecated");
  if (deprecated !== undefined) {
    const reason = deprecated.args[0]?.value;
    tags.push(reason?.kind === "string" && reason.value !== "" ? { tagName: "deprecated", text: clean(reason.value) } : { tagName: "deprecated" });
  }
  if (description === "" && tags.length === 0) return undefined;
  return { description, tags };
}

/** ts-morph `docs` for a structure. */
export function jsDocs(node: Documented, extraTags: readonly DocTag[] = []): OptionalKind<JSDocStructure>[] {
  const model = docModel(node, extraTags);
  if (model === undefined) return [];
  const multiline = model.tags.length > 0 || model.description.includes("\n");
  return [
    {
      kind: StructureKind.JSDoc,
      ...(model.description === "" ? {} : { description: multiline ? `\n${model.description}` : model.description }),
      tags: model.tags.map((t) => ({ kind: StructureKind.JSDocTag, tagName: t.tagName, ...(t.text === undefined ? {} : { text: t.text }) })),
    },
  ];
}

/** The same comment as text, each line prefixed with `indent`, ending in a newline; "" when none. */
export function docText(node: Documented, indent: string): string {
  const model = docModel(node);
  if (model === undefined) return "";
  if (model.tags.length === 0 && !model.description.includes("\n")) return `${indent}/** ${model.description} */\n`;
  const only = model.tags[0];
  if (model.description === "" && model.tags.length === 1 && only !== undefined) {
    return `${indent}/** @${only.tagName}${only.text === undefined ? "" : ` ${only.text}`} */\n`;
  }
  const lines = model.description === "" ? [] : model.description.split("\n");
  for (const t of model.tags) lines.push(t.text === undefined ? `@${t.tagName}` : `@${t.tagName} ${t.text}`);
  return `${indent}/**\n${lines.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)).join("\n")}\n${indent} */\n`;
}

/** Trim, drop trailing blanks per line, and make sure the text cannot close the comment early. */
function clean(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .join("\n")
    .trim()
    .replaceAll("*/", "*\\/");
}
