/**
 * Validation rules (`@range`, `@len`, `@pattern`) in words, for the TSDoc of
 * client methods: `` `limit` is outside 1..100 ``.
 */
import type { Annotation, TypeNode } from "../ast.js";
import { evaluate, printUntyped, type Value } from "./values.js";

function named(a: Annotation, name: string): string | undefined {
  const arg = a.args.find((x) => x.name?.text === name);
  if (arg === undefined) return undefined;
  // A constant prints as its name: that is what the reader finds in the IDL.
  if (arg.value.kind === "ref") return arg.value.name.parts.map((p) => p.text).join(".");
  const v: Value = evaluate(arg.value);
  return printUntyped(v).replace(/n$/, "");
}

/** What `len` counts for a type. */
function unit(type: TypeNode): string {
  if (type.kind === "listType") return "elements";
  if (type.kind === "mapType") return "entries";
  if (type.kind === "primitive" && type.name === "bytes") return "bytes";
  return "characters";
}

function bounds(min: string | undefined, max: string | undefined, below: string, above: string): string | undefined {
  if (min !== undefined && max !== undefined) return `${below} ${min} or ${above} ${max}`;
  if (min !== undefined) return `${below} ${min}`;
  if (max !== undefined) return `${above} ${max}`;
  return undefined;
}

/** One phrase per rule on `name`, in annotation order. */
export function rulesText(name: string, type: TypeNode, annotations: readonly Annotation[]): string[] {
  const out: string[] = [];
  const subject = `\`${name}\``;
  for (const a of annotations) {
    if (a.name.text === "range") {
      const b = bounds(named(a, "min"), named(a, "max"), "is below", "is above");
      if (b !== undefined) out.push(`${subject} ${b.replace(" or is above", " or above")}`);
    } else if (a.name.text === "len") {
      const u = unit(type);
      const b = bounds(named(a, "min"), named(a, "max"), "has fewer than", "has more than");
      if (b !== undefined) out.push(`${subject} ${b.replace(" or has more than", " or more than")} ${u}`);
    } else if (a.name.text === "pattern") {
      const arg = a.args[0];
      const v = arg === undefined ? undefined : evaluate(arg.value);
      if (v?.t === "string") out.push(`${subject} does not match /${v.v.replaceAll("*/", "*\\/")}/`);
    }
  }
  return out;
}
