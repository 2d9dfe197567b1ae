/**
 * Structures for the data declarations of one module: enums (a const object
 * plus a union type), constants, structs (interfaces) and unions
 * (`{ kind, value }` discriminated unions), each with its `$schema` constant.
 */
import {
  StructureKind,
  type InterfaceDeclarationStructure,
  type StatementStructures,
  type TypeAliasDeclarationStructure,
  type WriterFunction,
} from "ts-morph";
import type { ConstDecl, EnumDecl, SourceFile, StructDecl, UnionDecl } from "../ast.js";
import type { EmitContext } from "./context.js";
import { docText, jsDocs } from "./docs.js";
import { constStatement, printJs, propertyKey, str, type Js } from "./js.js";
import { enumSchemaJs, structSchemaJs, valueExpr } from "./schemas.js";
import { schemaName, tsType } from "./type-refs.js";

/** A statement of a generated module: a ts-morph structure, or text written through its writer. */
export type Statement = StatementStructures | WriterFunction;

/** `export const X$schema: StructSchema = {...};` */
export function schemaConst(name: string, type: "StructSchema" | "EnumSchema", js: Js, ctx: EmitContext, doc = ""): WriterFunction {
  return constStatement(doc, schemaName(name), ctx.imports.runtime(type), printJs(js));
}

export function enumStructures(decl: EnumDecl, ctx: EmitContext): Statement[] {
  const name = decl.name.text;
  const members = decl.values.map((v) => `${docText(v, "  ")}  ${propertyKey(v.name.text)}: ${v.value ?? 0},\n`).join("");
  const object = constStatement(docText(decl, ""), name, undefined, members === "" ? "{} as const" : `{\n${members}} as const`);
  const type: TypeAliasDeclarationStructure = {
    kind: StructureKind.TypeAlias,
    isExported: true,
    name,
    docs: jsDocs(decl),
    type: `(typeof ${name})[keyof typeof ${name}]`,
  };
  return [object, type, schemaConst(name, "EnumSchema", enumSchemaJs(decl, ctx), ctx)];
}

/**
 * `export const NAME = value;` Constants may refer to constants of other
 * modules and to earlier ones of this module by name; a reference to a later
 * one is written as its value (module constants are not hoisted).
 */
export function constStructure(decl: ConstDecl, earlier: ReadonlySet<string>, ctx: EmitContext): WriterFunction {
  const canRefer = (file: SourceFile, name: string): boolean => file.path !== ctx.file.path || earlier.has(name);
  const initializer = valueExpr(decl.value, decl.type, ctx, canRefer);
  let type: string | undefined;
  if (decl.type.kind === "listType") type = `readonly ${tsType(decl.type.element, ctx)}[]`;
  else if (decl.type.kind === "named") type = tsType(decl.type, ctx);
  return constStatement(docText(decl, ""), decl.name.text, type, initializer);
}

/** Struct: an interface; optional and defaulted fields are `?` (decoded values always carry defaulted fields). */
export function structStructures(decl: StructDecl, ctx: EmitContext): Statement[] {
  const iface: InterfaceDeclarationStructure = {
    kind: StructureKind.Interface,
    isExported: true,
    name: decl.name.text,
    docs: jsDocs(decl),
    properties: decl.fields.map((f) => ({
      kind: StructureKind.PropertySignature,
      name: f.name.text,
      type: tsType(f.type, ctx),
      hasQuestionToken: f.optional || f.default !== undefined,
      docs: jsDocs(f),
    })),
  };
  return [iface, schemaConst(decl.name.text, "StructSchema", structSchemaJs(decl, ctx), ctx)];
}

/** Union: `{ kind: "member"; value: T } | ...`, exactly one member set. */
export function unionStructures(decl: UnionDecl, ctx: EmitContext): Statement[] {
  const members = decl.fields.map((f) => `\n${docText(f, "  ")}  | { kind: ${str(f.name.text)}; value: ${tsType(f.type, ctx)} }`);
  const type = members.length === 0 ? " never" : members.join("");
  const alias: WriterFunction = (w) => {
    w.write(`${docText(decl, "")}export type ${decl.name.text} =${type};`);
  };
  return [alias, schemaConst(decl.name.text, "StructSchema", structSchemaJs(decl, ctx), ctx)];
}
