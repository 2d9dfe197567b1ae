/**
 * The data declarations of one module: enums (a const object plus a union
 * type), constants, structs (interfaces) and unions (`{ kind, value }`
 * discriminated unions), each with its `$schema` constant. Every function
 * returns statements as text.
 */
import type { ConstDecl, EnumDecl, SourceFile, StructDecl, UnionDecl } from "../ast.js";
import type { EmitContext } from "./context.js";
import { docText } from "./docs.js";
import { constStatement, printJs, propertyKey, str, type Js } from "./js.js";
import { enumSchemaJs, structSchemaJs, valueExpr } from "./schemas.js";
import { schemaName, tsType } from "./type-refs.js";
import { writeBlock } from "./writer.js";

/** `export const X$schema: StructSchema = {...};` */
export function schemaConst(name: string, type: "StructSchema" | "EnumSchema", js: Js, ctx: EmitContext, doc = ""): string {
  return constStatement(doc, schemaName(name), ctx.imports.runtime(type), printJs(js));
}

export function enumStatements(decl: EnumDecl, ctx: EmitContext): string[] {
  const name = decl.name.text;
  const members = decl.values.map((v) => `${docText(v, "  ")}  ${propertyKey(v.name.text)}: ${v.value ?? 0},\n`).join("");
  const object = constStatement(docText(decl), name, undefined, members === "" ? "{} as const" : `{\n${members}} as const`);
  const type = `${docText(decl)}export type ${name} = (typeof ${name})[keyof typeof ${name}];`;
  return [object, type, schemaConst(name, "EnumSchema", enumSchemaJs(decl, ctx), ctx)];
}

/**
 * `export const NAME = value;` Constants may refer to constants of other
 * modules and to earlier ones of this module by name; a reference to a later
 * one is written as its value (module constants are not hoisted).
 */
export function constantStatement(decl: ConstDecl, earlier: ReadonlySet<string>, ctx: EmitContext): string {
  const canRefer = (file: SourceFile, name: string): boolean => file.path !== ctx.file.path || earlier.has(name);
  const initializer = valueExpr(decl.value, decl.type, ctx, canRefer);
  let type: string | undefined;
  if (decl.type.kind === "listType") type = `readonly ${tsType(decl.type.element, ctx)}[]`;
  else if (decl.type.kind === "named") type = tsType(decl.type, ctx);
  return constStatement(docText(decl), decl.name.text, type, initializer);
}

/** Struct: an interface; optional and defaulted fields are `?` (decoded values always carry defaulted fields). */
export function structStatements(decl: StructDecl, ctx: EmitContext): string[] {
  const members = decl.fields.map((f) => `${docText(f)}${f.name.text}${f.optional || f.default !== undefined ? "?" : ""}: ${tsType(f.type, ctx)};`);
  const iface = writeBlock(`${docText(decl)}export interface ${decl.name.text} `, members);
  return [iface, schemaConst(decl.name.text, "StructSchema", structSchemaJs(decl, ctx), ctx)];
}

/** Union: `{ kind: "member"; value: T } | ...`, exactly one member set. */
export function unionStatements(decl: UnionDecl, ctx: EmitContext): string[] {
  const members = decl.fields.map((f) => `\n${docText(f, "  ")}  | { kind: ${str(f.name.text)}; value: ${tsType(f.type, ctx)} }`);
  const type = members.length === 0 ? " never" : members.join("");
  const alias = `${docText(decl)}export type ${decl.name.text} =${type};`;
  return [alias, schemaConst(decl.name.text, "StructSchema", structSchemaJs(decl, ctx), ctx)];
}
