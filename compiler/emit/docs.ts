/**
 * TSDoc from IDL doc comments and `@deprecated`: a description, then tags.
 */
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

/** The doc model: description from the doc comment, extra tags, then `@deprecated why` from the annotation. */
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

/** A plain description as a doc model (for comments the emitter writes itself). */
export function described(description: string): Documented {
  return { doc: { text: description, span: { file: "", start: zero, end: zero } }, annotations: [] };
}
const zero = { offset: 0, line: 1, column: 1 };

/**
 * The comment as text, each line prefixed with `indent`, ending in a newline;
 * "" when there is nothing to say. One line when it fits on one.
 */
export function docText(node: Documented, indent = "", extraTags: readonly DocTag[] = []): string {
  const model = docModel(node, extraTags);
  if (model === undefined) return "";
  const tag = (t: DocTag): string => (t.text === undefined ? `@${t.tagName}` : `@${t.tagName} ${t.text}`);
  const only = model.tags[0];
  if (model.tags.length === 0 && !model.description.includes("\n")) return `${indent}/** ${model.description} */\n`;
  if (model.description === "" && model.tags.length === 1 && only !== undefined) return `${indent}/** ${tag(only)} */\n`;
  const lines = model.description === "" ? [] : model.description.split("\n");
  for (const t of model.tags) lines.push(tag(t));
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
