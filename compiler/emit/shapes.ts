/**
 * The two shapes of every record the generated code types: fields of structs,
 * errors and call parameters. The read shape is what a decoder produces:
 * required and defaulted fields are present (`T`), optional ones may be absent.
 * The init shape is what a writer passes: defaulted and optional fields may be
 * left out, nested structs and unions are in their init shape too. A read
 * value is always a valid init value, so a handler can send back what it got.
 */
import type { Field, Literal } from "../ast.js";
import type { EmitContext } from "./context.js";
import { docText, type DocTag } from "./docs.js";
import { tsType, type Shape } from "./type-refs.js";
import { evaluate, printTyped } from "./values.js";
import { writeBlock } from "./writer.js";

/** True when the field may be absent in `shape`. */
export function mayOmit(f: Field, shape: Shape): boolean {
  return f.optional || (shape === "init" && f.default !== undefined);
}

/** A default as the IDL wrote it (`OrderStatus.PENDING`, `20`), for docs only: it records no import. */
function defaultText(lit: Literal, f: Field): string {
  if (lit.kind === "ref") return lit.name.parts.map((p) => p.text).join(".");
  return printTyped(evaluate(lit), f.type);
}

/**
 * `name: T`, or `name?: T` when it may be absent. In the init shape an
 * omittable field also takes `undefined` (the encoder leaves it out), so a
 * value read elsewhere can be passed on under `exactOptionalPropertyTypes`.
 */
function memberText(f: Field, ctx: EmitContext, shape: Shape): string {
  const type = tsType(f.type, ctx, shape);
  if (!mayOmit(f, shape)) return `${f.name.text}: ${type}`;
  return `${f.name.text}?: ${shape === "init" ? `${type} | undefined` : type}`;
}

/** One interface member: doc, then the member; a defaulted field of the init shape says its default. */
export function fieldMember(f: Field, ctx: EmitContext, shape: Shape): string {
  const tags: DocTag[] = shape === "init" && f.default !== undefined ? [{ tagName: "defaultValue", text: defaultText(f.default, f) }] : [];
  return `${docText(f, "", tags)}${memberText(f, ctx, shape)};`;
}

/** `export interface <name> { ...fields in shape }`, one member per field. */
export function shapeInterface(doc: string, name: string, fields: readonly Field[], ctx: EmitContext, shape: Shape): string {
  if (fields.length === 0) return `${doc}export interface ${name} {}`;
  return writeBlock(`${doc}export interface ${name} `, fields.map((f) => fieldMember(f, ctx, shape)));
}

/** The init shape as an inline object type (error constructors): `{ sku: string; available?: number }`. */
export function inlineShape(fields: readonly Field[], ctx: EmitContext, shape: Shape): string {
  if (fields.length === 0) return "{}";
  return `{ ${fields.map((f) => memberText(f, ctx, shape)).join("; ")} }`;
}
