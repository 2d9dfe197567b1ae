/**
 * Validation of values against their IDL schema: types, required fields, int32
 * and int64 ranges, enum membership, unions, and the field rules. A validator
 * is compiled once per schema (WeakMap cache); the first issue found is
 * returned with its path, e.g. `items[2].quantity`.
 */
import type { EnumSchema, FieldSchema, MethodDescriptor, StructSchema, TypeSchema } from "./types.js";
import { issue, show } from "./issue.js";
import type { Check, ValidationIssue } from "./issue.js";
import { rulesCheck } from "./rules.js";

export type { ValidationIssue } from "./issue.js";

/** Deepest nesting validated (a cyclic value would otherwise never end). */
const MAX_DEPTH = 64;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const cache = new WeakMap<object, Check>();
const argChecks = new WeakMap<MethodDescriptor, Check>();

/** Validates one value of `type`; `path` names it in the issue (e.g. the parameter name). */
export function validateValue(type: TypeSchema, value: unknown, path: string): ValidationIssue | undefined {
  const r = typeCheck(type)(value, 1);
  return r === undefined ? undefined : { path: path + r.path, message: r.message };
}

/**
 * Validates call arguments (the request object, keyed by parameter name)
 * against `method`'s parameters; absent defaulted ones pass. Paths start at
 * the parameter name: `items[1].quantity`.
 */
export function validateArgs(method: MethodDescriptor, args: Readonly<Record<string, unknown>> | undefined): ValidationIssue | undefined {
  let check = argChecks.get(method);
  if (check === undefined) {
    check = requestCheck(method);
    argChecks.set(method, check);
  }
  const r = check(args ?? NO_ARGS, 1);
  // Only a request that is not an object has an empty path: name it.
  return r === undefined ? undefined : { path: r.path === "" ? "request" : r.path, message: r.message };
}

const NO_ARGS = Object.freeze({});

/** The parameters as a struct whose paths start at the parameter name (no leading dot). */
function requestCheck(method: MethodDescriptor): Check {
  return fieldsCheck(method.params, (f) => f.name, "an object keyed by parameter name");
}

/**
 * Validates what a handler returned against `method.returns` (nothing for a
 * void method); the path starts with `result` (e.g. `result.total`).
 */
export function validateResult(method: MethodDescriptor, value: unknown): ValidationIssue | undefined {
  const type = method.returns;
  if (type === undefined) return undefined;
  const r = value === undefined || value === null ? issue("is required") : typeCheck(type)(value, 1);
  return r === undefined ? undefined : { path: "result" + r.path, message: r.message };
}

function typeCheck(type: TypeSchema): Check {
  let c = cache.get(type);
  if (c === undefined) {
    c = compileType(type);
    cache.set(type, c);
  }
  return c;
}

function schemaCheck(schema: StructSchema | EnumSchema): Check {
  let c = cache.get(schema);
  if (c === undefined) {
    c = schema.kind === "enum" ? enumCheck(schema) : schema.kind === "union" ? unionCheck(schema) : structCheck(schema);
    cache.set(schema, c);
  }
  return c;
}

const scalarChecks: Record<string, Check> = {
  bool: (v) => (typeof v === "boolean" ? undefined : issue(`must be a boolean, got ${show(v)}`)),
  int32: (v) =>
    typeof v === "number" && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX
      ? undefined
      : issue(`must be an int32 (an integer from ${INT32_MIN} to ${INT32_MAX}), got ${show(v)}`),
  int64: (v) =>
    typeof v === "bigint" && v >= INT64_MIN && v <= INT64_MAX
      ? undefined
      : issue(typeof v === "bigint" ? `must be an int64 (from ${INT64_MIN} to ${INT64_MAX}), got ${show(v)}` : `must be a bigint (int64), got ${show(v)}`),
  // NaN and the infinities are float64 values (as for protobuf and Thrift peers); a @range may exclude them.
  float64: (v) => (typeof v === "number" ? undefined : issue(`must be a number (float64), got ${show(v)}`)),
  string: (v) => (typeof v === "string" ? undefined : issue(`must be a string, got ${show(v)}`)),
  bytes: (v) => (v instanceof Uint8Array ? undefined : issue(`must be a Uint8Array, got ${show(v)}`)),
  timestamp: (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? undefined : issue(`must be a valid Date, got ${v instanceof Date ? "an invalid Date" : show(v)}`)),
};

function compileType(type: TypeSchema): Check {
  switch (type.kind) {
    case "list":
      return listCheck(typeCheck(type.element));
    case "map":
      return mapCheck(type.key, typeCheck(type.value));
    case "ref": {
      // Resolved on first use: recursive and cross-module types need no ordering.
      let inner: Check | undefined;
      const target = type.target;
      return (v, d) => (inner ??= schemaCheck(target()))(v, d);
    }
    default:
      return scalarChecks[type.kind]!;
  }
}

function tooDeep(): ValidationIssue {
  return issue(`is nested deeper than ${MAX_DEPTH} levels`);
}

function listCheck(el: Check): Check {
  return (v, d) => {
    if (!Array.isArray(v)) return issue(`must be an array, got ${show(v)}`);
    if (d > MAX_DEPTH) return tooDeep();
    for (let i = 0; i < v.length; i++) {
      const r = el(v[i], d + 1);
      if (r !== undefined) {
        r.path = `[${i}]${r.path}`;
        return r;
      }
    }
    return undefined;
  };
}

function keySegment(k: unknown): string {
  return typeof k === "string" ? `{${JSON.stringify(k)}}` : `{${String(k)}}`;
}

function mapCheck(keyType: TypeSchema, val: Check): Check {
  const key = typeCheck(keyType);
  return (v, d) => {
    if (!(v instanceof Map)) return issue(`must be a Map, got ${show(v)}`);
    if (d > MAX_DEPTH) return tooDeep();
    for (const [k, x] of v) {
      const rk = key(k, d + 1);
      if (rk !== undefined) return { path: keySegment(k), message: `key ${rk.message}` };
      const r = val(x, d + 1);
      if (r !== undefined) {
        r.path = keySegment(k) + r.path;
        return r;
      }
    }
    return undefined;
  };
}

function enumCheck(schema: EnumSchema): Check {
  const values = new Set(schema.values.map((e) => e.value));
  const listing = schema.values.map((e) => `${e.name}(${e.value})`).join(", ");
  return (v) => (typeof v === "number" && values.has(v) ? undefined : issue(`must be a ${schema.name} value: ${listing}; got ${show(v)}`));
}

/** Required (unless optional or defaulted), then type, then rules. */
function fieldCheck(f: FieldSchema): Check {
  const required = !f.optional && f.default === undefined;
  const rules = rulesCheck(f.rules);
  let type: Check | undefined;
  return (v, d) => {
    if (v === undefined || v === null) return required ? issue("is required") : undefined;
    const r = (type ??= typeCheck(f.type))(v, d);
    if (r !== undefined || rules === undefined) return r;
    return rules(v, d);
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Map);
}

function structCheck(schema: StructSchema): Check {
  return fieldsCheck(schema.fields, (f) => `.${f.name}`, `a ${schema.name} object`);
}

/** Checks each field of an object in order; the first issue gets the field's path segment. */
function fieldsCheck(fields: readonly FieldSchema[], segment: (f: FieldSchema) => string, what: string): Check {
  const checks = fields.map(fieldCheck);
  const segments = fields.map(segment);
  const inherited = fields.map((f) => f.name in Object.prototype);
  return (v, d) => {
    if (!isObject(v)) return issue(`must be ${what}, got ${show(v)}`);
    if (d > MAX_DEPTH) return tooDeep();
    for (let i = 0; i < checks.length; i++) {
      // Own properties only: an absent "constructor" field must not read Object's.
      const name = fields[i]!.name;
      const r = checks[i]!(inherited[i] && !Object.hasOwn(v, name) ? undefined : v[name], d + 1);
      if (r !== undefined) {
        r.path = segments[i] + r.path;
        return r;
      }
    }
    return undefined;
  };
}

function unionCheck(schema: StructSchema): Check {
  const members = new Map(schema.fields.map((f) => [f.name, { check: fieldCheck({ ...f, optional: false, default: undefined }), segment: `.${f.name}` }]));
  const names = schema.fields.map((f) => f.name).join(", ");
  return (v, d) => {
    if (!isObject(v)) return issue(`must be a ${schema.name} union ({ kind, value }), got ${show(v)}`);
    if (d > MAX_DEPTH) return tooDeep();
    const kind = v["kind"];
    const m = typeof kind === "string" ? members.get(kind) : undefined;
    if (m === undefined) return issue(`must set exactly one ${schema.name} member (${names}), got kind ${show(kind)}`);
    const r = m.check(v["value"], d + 1);
    if (r !== undefined) r.path = m.segment + r.path;
    return r;
  };
}
