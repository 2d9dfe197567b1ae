/**
 * The data declarations of one module: enums (a const object plus a union
 * type), constants, structs (interfaces) and unions (`{ kind, value }`
 * discriminated unions), each with its `$schema` constant; structs and unions
 * also get their write shape `XInit` (see shapes.ts). Every function
 * returns statements as text.
 */
import type { ConstDecl, EnumDecl, SourceFile, StructDecl, UnionDecl } from "../ast.js";
import type { EmitContext } from "./context.js";
import { docText } from "./docs.js";
import { constStatement, printJs, propertyKey, str, type Js } from "./js.js";
import { enumSchemaJs, structSchemaJs, valueExpr } from "./schemas.js";
import { shapeInterface } from "./shapes.js";
import { initName, schemaName, tsType, type Shape } from "./type-refs.js";

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

/** The doc comment of a write shape: `/** {@link Order} as written: ... *\/`. */
function initDoc(name: string): string {
  return `/** {@link ${name}} as a writer passes it: defaulted and optional fields may be left out. */\n`;
}

/**
 * Struct: the read shape (what decoding gives: defaulted fields present),
 * the init shape `XInit` (what a writer passes), then the schema.
 */
export function structStatements(decl: StructDecl, ctx: EmitContext): string[] {
  const name = decl.name.text;
  return [
    shapeInterface(docText(decl), name, decl.fields, ctx, "read"),
    shapeInterface(initDoc(name), initName(name), decl.fields, ctx, "init"),
    schemaConst(name, "StructSchema", structSchemaJs(decl, ctx), ctx),
  ];
}

/** Union: `{ kind: "member"; value: T } | ...`, exactly one member set; `XInit` holds members in their init shape. */
export function unionStatements(decl: UnionDecl, ctx: EmitContext): string[] {
  const name = decl.name.text;
  const alias = (doc: string, typeName: string, shape: Shape): string => {
    const members = decl.fields.map((f) => `\n${docText(f, "  ")}  | { kind: ${str(f.name.text)}; value: ${tsType(f.type, ctx, shape)} }`);
    return `${doc}export type ${typeName} =${members.length === 0 ? " never" : members.join("")};`;
  };
  return [alias(docText(decl), name, "read"), alias(initDoc(name), initName(name), "init"), schemaConst(name, "StructSchema", structSchemaJs(decl, ctx), ctx)];
}
