/**
 * Literal values: evaluation (consts and enum values followed to their value)
 * and printing as TypeScript expressions, either typed (defaults, consts) or
 * untyped (annotation arguments).
 */
import type { ConstDecl, Literal, RefLiteral, ResolvedValue, TypeNode } from "../ast.js";

/** A literal reduced to its value; durations and enum values are ints. */
export type Value =
  | { readonly t: "int"; readonly v: bigint }
  | { readonly t: "float"; readonly v: number }
  | { readonly t: "string"; readonly v: string }
  | { readonly t: "bool"; readonly v: boolean }
  | { readonly t: "list"; readonly items: readonly Value[] };

/** Thrown on an AST the front end should have rejected; a bug, not a user error. */
export class EmitInternalError extends Error {
  override readonly name = "EmitInternalError";
}

/** Values of constants already evaluated: a chain of N constants costs N steps, not N^2 (issue 10). */
const constValues = new WeakMap<ConstDecl, Value>();

/** Evaluate a literal, following references to constants and enum values. */
export function evaluate(lit: Literal): Value {
  switch (lit.kind) {
    case "int":
      return { t: "int", v: lit.value };
    case "float":
      return { t: "float", v: lit.value };
    case "string":
      return { t: "string", v: lit.value };
    case "bool":
      return { t: "bool", v: lit.value };
    case "duration":
      return { t: "int", v: BigInt(Math.round(lit.millis)) };
    case "list":
      return { t: "list", items: lit.items.map((item) => evaluate(item)) };
    case "ref":
      return evaluateRef(lit);
  }
}

/** Follow a chain of constants in a loop (chains can be thousands long) and remember each one's value. */
function evaluateRef(lit: RefLiteral): Value {
  const chain = new Set<ConstDecl>();
  let cur: Literal = lit;
  let value: Value | undefined;
  while (value === undefined) {
    if (cur.kind !== "ref") {
      value = evaluate(cur);
      break;
    }
    const target: ResolvedValue | undefined = cur.resolved;
    const name = cur.name.parts.map((p) => p.text).join(".");
    if (target === undefined) throw new EmitInternalError(`unresolved reference '${name}'`);
    if (target.kind === "enumValue") value = { t: "int", v: BigInt(target.value.value ?? 0) };
    else {
      value = constValues.get(target.decl);
      if (value !== undefined) break;
      if (chain.has(target.decl)) throw new EmitInternalError(`constant '${name}' refers to itself`);
      chain.add(target.decl);
      cur = target.decl.value;
    }
  }
  for (const decl of chain) constValues.set(decl, value);
  return value;
}

/** A number as JavaScript source (finite numbers only come from the parser, but be total). */
export function numberText(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "Infinity" : "-Infinity";
  return Object.is(n, -0) ? "-0" : String(n);
}

/** Annotation argument: ints as numbers when safe (else bigint), durations in ms. */
export function printUntyped(value: Value): string {
  switch (value.t) {
    case "int":
      return isSafe(value.v) ? value.v.toString() : `${value.v}n`;
    case "float":
      return numberText(value.v);
    case "string":
      return JSON.stringify(value.v);
    case "bool":
      return String(value.v);
    case "list":
      return `[${value.items.map(printUntyped).join(", ")}]`;
  }
}

/** A value for a slot of IDL type `type` (int64 -> bigint literal, lists by element). */
export function printTyped(value: Value, type: TypeNode): string {
  switch (value.t) {
    case "int":
      return isInt64(type) ? `${value.v}n` : value.v.toString();
    case "float":
      return isInt64(type) ? `${BigInt(Math.trunc(value.v))}n` : numberText(value.v);
    case "string":
      return JSON.stringify(value.v);
    case "bool":
      return String(value.v);
    case "list": {
      const element = type.kind === "listType" ? type.element : type;
      return `[${value.items.map((item) => printTyped(item, element)).join(", ")}]`;
    }
  }
}

export function isInt64(type: TypeNode): boolean {
  return type.kind === "primitive" && type.name === "int64";
}

/** Plain number value of an int or float (for rules on non-int64 slots). */
export function toNumber(value: Value): number | undefined {
  if (value.t === "int") return Number(value.v);
  if (value.t === "float") return value.v;
  return undefined;
}

function isSafe(v: bigint): boolean {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER);
}
