/**
 * Literal values against types: following constant references, and the rule
 * of which literal fits which type. Shared by the default, constant and
 * annotation checks.
 */
import type * as A from "../ast.js";
import { diag } from "../messages.js";
import { constValue } from "./const-chains.js";
import type { Report } from "./context.js";

export const INT32_MIN = -(2n ** 31n);
export const INT32_MAX = 2n ** 31n - 1n;
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/**
 * The literal a value stands for: references to constants are followed (an
 * enum value reference is itself the value). Undefined when a reference is
 * unresolved or constants refer to each other in a cycle.
 */
export function evaluate(lit: A.Literal): A.Literal | undefined {
  if (lit.kind !== "ref") return lit;
  const r = lit.resolved;
  if (r === undefined) return undefined;
  return r.kind === "enumValue" ? lit : constValue(r.decl);
}

/** How a message shows a literal: as written where possible. */
export function describeLiteral(lit: A.Literal): string {
  switch (lit.kind) {
    case "int":
    case "float":
    case "duration":
      return lit.text;
    case "string":
      return JSON.stringify(lit.value);
    case "bool":
      return String(lit.value);
    case "ref":
      return lit.name.parts.map((p) => p.text).join(".");
    case "list": {
      const items = lit.items.slice(0, 4).map(describeLiteral);
      if (lit.items.length > 4) items.push("...");
      return `[${items.join(", ")}]`;
    }
  }
}

/** How a message shows a type: as written. */
export function describeType(t: A.TypeNode): string {
  switch (t.kind) {
    case "primitive":
      return t.name;
    case "listType":
      return `list<${describeType(t.element)}>`;
    case "mapType":
      return `map<${describeType(t.key)}, ${describeType(t.value)}>`;
    case "named":
      return t.name.parts.map((p) => p.text).join(".");
  }
}

/**
 * Report when `lit` does not fit `type`: `mismatch` is the code to use
 * (a default or a constant); out-of-range integers get their own codes.
 * Unresolved names were reported already and are skipped here.
 */
export function checkValue(type: A.TypeNode, lit: A.Literal, mismatch: "RPC2020" | "RPC2021", report: Report): void {
  if (lit.kind === "list") {
    if (type.kind !== "listType") {
      report(diag(mismatch, lit.span, describeLiteral(lit), describeType(type)));
      return;
    }
    for (const item of lit.items) checkValue(type.element, item, mismatch, report);
    return;
  }
  if (type.kind === "named" && type.resolved === undefined) return;
  const fail = (): void => report(diag(mismatch, lit.span, describeLiteral(lit), describeType(type)));
  // A constant of another type does not fit even when its value would.
  if (lit.kind === "ref" && lit.resolved?.kind === "const" && !assignable(lit.resolved.decl.type, type)) return fail();
  const value = evaluate(lit);
  if (value === undefined) return;

  if (type.kind === "primitive") {
    switch (type.name) {
      case "bool":
        if (value.kind !== "bool") fail();
        return;
      case "string":
        if (value.kind !== "string") fail();
        return;
      case "float64":
        if (value.kind !== "int" && value.kind !== "float" && value.kind !== "duration") fail();
        return;
      case "int32":
      case "int64": {
        const n = value.kind === "int" ? value.value : value.kind === "duration" ? BigInt(value.millis) : undefined;
        if (n === undefined) return fail();
        const [min, max] = type.name === "int32" ? [INT32_MIN, INT32_MAX] : [INT64_MIN, INT64_MAX];
        if (n < min || n > max) report(diag(type.name === "int32" ? "RPC2030" : "RPC2031", lit.span, n));
        return;
      }
      case "bytes":
      case "timestamp":
        return fail();
    }
  }
  if (type.kind === "named" && type.resolved?.decl.kind === "enum") {
    if (value.kind !== "ref" || value.resolved?.kind !== "enumValue" || value.resolved.decl !== type.resolved.decl) fail();
    return;
  }
  // A list held by a constant, lists to non-list types, maps, structs, unions and errors.
  if (value.kind === "list" && type.kind === "listType") {
    for (const item of value.items) checkValue(type.element, item, mismatch, () => fail());
    return;
  }
  fail();
}

function isNumericType(t: A.TypeNode): boolean {
  return t.kind === "primitive" && (t.name === "int32" || t.name === "int64" || t.name === "float64");
}

/**
 * Whether a constant declared `from` may be used where `to` is expected:
 * the same type, or a number into a wider number (int64 into int32 is let
 * through here and range-checked on the value).
 */
function assignable(from: A.TypeNode, to: A.TypeNode): boolean {
  if (from.kind === "named" && from.resolved === undefined) return true;
  if (from.kind === "primitive" && to.kind === "primitive") {
    if (from.name === to.name) return true;
    return isNumericType(from) && isNumericType(to) && !(from.name === "float64" && to.name !== "float64");
  }
  if (from.kind === "listType" && to.kind === "listType") return assignable(from.element, to.element);
  if (from.kind === "named" && to.kind === "named") return from.resolved?.decl === to.resolved?.decl;
  return false;
}
