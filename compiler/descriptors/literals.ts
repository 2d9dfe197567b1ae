/**
 * IDL literals as run-time values: annotation arguments (LiteralValue) and
 * field defaults (typed by the slot: int64 -> bigint), the same values the
 * emitter prints into generated code.
 */
import type { Annotation, Field, Literal, TypeNode } from "../ast.js";
import type { AnnotationValue, Annotations, FieldRules, LiteralValue } from "../../runtime/schema/types.js";
import { evaluate, isInt64, toNumber, type Value } from "../emit/values.js";

/** Annotation argument: ints as numbers when safe (else bigint), durations in ms. */
export function untyped(value: Value): LiteralValue {
  switch (value.t) {
    case "int":
      return Number.isSafeInteger(Number(value.v)) ? Number(value.v) : value.v;
    case "float":
    case "string":
    case "bool":
      return value.v;
    case "list":
      return value.items.map(untyped);
  }
}

/** A value for a slot of IDL type `type` (int64 -> bigint, lists by element). */
function typed(value: Value, type: TypeNode): unknown {
  switch (value.t) {
    case "int":
      return isInt64(type) ? value.v : Number(value.v);
    case "float":
      return isInt64(type) ? BigInt(Math.trunc(value.v)) : value.v;
    case "string":
    case "bool":
      return value.v;
    case "list": {
      const element = type.kind === "listType" ? type.element : type;
      return value.items.map((item) => typed(item, element));
    }
  }
}

/** The default thunk of a field: a fresh value per call, so lists are never shared. */
export function defaultOf(lit: Literal | undefined, type: TypeNode): (() => unknown) | undefined {
  if (lit === undefined) return undefined;
  const value = evaluate(lit);
  return () => typed(value, type);
}

/** Annotations by name; the first of a repeated name (or named argument) wins, as in generated code. */
export function annotationsOf(list: readonly Annotation[]): Annotations {
  const out: Record<string, AnnotationValue> = {};
  for (const a of list) {
    if (Object.hasOwn(out, a.name.text)) continue;
    const named: Record<string, LiteralValue> = {};
    for (const arg of a.args) if (arg.name !== undefined && !Object.hasOwn(named, arg.name.text)) named[arg.name.text] = untyped(evaluate(arg.value));
    const positional = a.args.filter((arg) => arg.name === undefined).map((arg) => untyped(evaluate(arg.value)));
    out[a.name.text] = { positional, named };
  }
  return out;
}

function namedArg(a: Annotation, name: string): Value | undefined {
  const arg = a.args.find((x) => x.name?.text === name);
  return arg === undefined ? undefined : evaluate(arg.value);
}

function bound(value: Value | undefined, int64: boolean): number | bigint | undefined {
  if (value === undefined) return undefined;
  if (int64 && value.t === "int") return value.v;
  return toNumber(value);
}

/** `rules` from `@range`, `@len` and `@pattern` (the first of each kind), or undefined. */
export function rulesOf(field: Field): FieldRules | undefined {
  const rules: { range?: FieldRules["range"]; len?: { min?: number; max?: number }; pattern?: string } = {};
  for (const a of field.annotations) {
    if (a.name.text === "range" && rules.range === undefined) {
      const int64 = isInt64(field.type);
      rules.range = defined({ min: bound(namedArg(a, "min"), int64), max: bound(namedArg(a, "max"), int64) });
    } else if (a.name.text === "len" && rules.len === undefined) {
      rules.len = defined({ min: bound(namedArg(a, "min"), false) as number | undefined, max: bound(namedArg(a, "max"), false) as number | undefined });
    } else if (a.name.text === "pattern" && rules.pattern === undefined) {
      const arg = a.args[0];
      const value = arg === undefined ? undefined : evaluate(arg.value);
      if (value?.t === "string") rules.pattern = value.v;
    }
  }
  return Object.keys(rules).length === 0 ? undefined : rules;
}

/** Drop undefined entries (generated literals omit them too). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The number of an int, float or duration annotation argument. */
export function numberOf(v: Value | undefined): number | undefined {
  return v === undefined ? undefined : toNumber(v);
}

/** The first positional (no name) or the named argument of an annotation, evaluated. */
export function argValue(a: Annotation | undefined, name?: string): Value | undefined {
  const arg = a?.args.find((x) => (name === undefined ? x.name === undefined : x.name?.text === name));
  return arg === undefined ? undefined : evaluate(arg.value);
}
