/**
 * Run-time schema literals: annotations, fields (with defaults and validation
 * rules), struct/union/error schemas and enum schemas.
 */
import type { Annotation, EnumDecl, Field, Literal, SourceFile, StructDecl, TypeNode, UnionDecl, ErrorDecl } from "../ast.js";
import { fullName, type EmitContext } from "./context.js";
import { arr, obj, str, type Js } from "./js.js";
import { typeSchema } from "./type-refs.js";
import { evaluate, isInt64, printTyped, printUntyped, toNumber, type Value } from "./values.js";

/** `{ auth: { positional: [], named: { role: "admin" } } }`; the first of a repeated name wins. */
export function annotationsJs(annotations: readonly Annotation[]): Js {
  const seen = new Set<string>();
  const entries: [string, Js][] = [];
  for (const a of annotations) {
    if (seen.has(a.name.text)) continue;
    seen.add(a.name.text);
    const positional = a.args.filter((arg) => arg.name === undefined).map((arg) => printUntyped(evaluate(arg.value)));
    const named: [string, Js][] = [];
    const namedSeen = new Set<string>();
    for (const arg of a.args) {
      if (arg.name === undefined || namedSeen.has(arg.name.text)) continue;
      namedSeen.add(arg.name.text);
      named.push([arg.name.text, printUntyped(evaluate(arg.value))]);
    }
    entries.push([
      a.name.text,
      obj([
        ["positional", arr(positional)],
        ["named", obj(named)],
      ]),
    ]);
  }
  return obj(entries);
}

/** The expression of a default or constant value for a slot of type `type`, referring to consts and enum values by name. */
export function valueExpr(lit: Literal, type: TypeNode, ctx: EmitContext, canRefer: (file: SourceFile, name: string) => boolean = () => true): string {
  if (lit.kind === "list") {
    const element = type.kind === "listType" ? type.element : type;
    return `[${lit.items.map((item) => valueExpr(item, element, ctx, canRefer)).join(", ")}]`;
  }
  if (lit.kind === "ref" && lit.resolved !== undefined) {
    const target = lit.resolved;
    if (target.kind === "enumValue") {
      return `${ctx.imports.ref(target.file, target.decl.name.text, true)}.${target.value.name.text}`;
    }
    if (canRefer(target.file, target.decl.name.text)) {
      const name = ctx.imports.ref(target.file, target.decl.name.text, true);
      const fromInt64 = isInt64(target.decl.type);
      // A list constant is shared and read-only: a default must be a fresh copy.
      if (type.kind === "listType") return `[...${name}]`;
      if (isInt64(type) && !fromInt64) return `BigInt(${name})`;
      if (!isInt64(type) && fromInt64) return `Number(${name})`;
      return name;
    }
  }
  return printTyped(evaluate(lit), type);
}

function bound(value: Value | undefined, int64: boolean): string | undefined {
  if (value === undefined) return undefined;
  if (int64 && value.t === "int") return `${value.v}n`;
  const n = toNumber(value);
  return n === undefined ? undefined : printUntyped(value.t === "int" ? value : { t: "float", v: n });
}

function namedArg(a: Annotation, name: string): Value | undefined {
  const arg = a.args.find((x) => x.name?.text === name);
  return arg === undefined ? undefined : evaluate(arg.value);
}

/** `rules` from `@range`, `@len` and `@pattern`, or undefined when none applies. */
export function rulesJs(field: Field): Js | undefined {
  const entries: [string, Js | undefined][] = [];
  for (const a of field.annotations) {
    if (a.name.text === "range") {
      const int64 = isInt64(field.type);
      entries.push(["range", obj([["min", bound(namedArg(a, "min"), int64)], ["max", bound(namedArg(a, "max"), int64)]])]);
    } else if (a.name.text === "len") {
      entries.push(["len", obj([["min", bound(namedArg(a, "min"), false)], ["max", bound(namedArg(a, "max"), false)]])]);
    } else if (a.name.text === "pattern") {
      const arg = a.args[0];
      const value = arg === undefined ? undefined : evaluate(arg.value);
      if (value?.t === "string") entries.push(["pattern", str(value.v)]);
    }
  }
  const seen = new Set<string>();
  const kept = entries.filter(([k]) => (seen.has(k) ? false : (seen.add(k), true)));
  return kept.length === 0 ? undefined : obj(kept);
}

/** FieldSchema literal of a field or a parameter. */
export function fieldJs(field: Field, ctx: EmitContext): Js {
  return obj([
    ["id", field.id.value.toString()],
    ["name", str(field.name.text)],
    ["type", typeSchema(field.type, ctx)],
    ["optional", String(field.optional)],
    ["default", field.default === undefined ? undefined : `() => ${valueExpr(field.default, field.type, ctx)}`],
    ["rules", rulesJs(field)],
    ["annotations", annotationsJs(field.annotations)],
  ]);
}

/** StructSchema literal of a struct, union or error (`create` is added by the error class). */
export function structSchemaJs(decl: StructDecl | UnionDecl | ErrorDecl, ctx: EmitContext, create?: string): Js {
  return obj([
    ["kind", str(decl.kind)],
    ["name", str(decl.name.text)],
    ["fullName", str(fullName(ctx.file, decl.name.text))],
    ["fields", arr(decl.fields.map((f) => fieldJs(f, ctx)))],
    ["annotations", annotationsJs(decl.annotations)],
    ["create", create],
  ]);
}

/** EnumSchema literal. */
export function enumSchemaJs(decl: EnumDecl, ctx: EmitContext): Js {
  return obj([
    ["kind", str("enum")],
    ["name", str(decl.name.text)],
    ["fullName", str(fullName(ctx.file, decl.name.text))],
    ["values", arr(decl.values.map((v) => obj([["name", str(v.name.text)], ["value", String(v.value ?? 0)]])))],
    ["annotations", annotationsJs(decl.annotations)],
  ]);
}
