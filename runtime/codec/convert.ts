/**
 * Compiles, once per schema and dialect, the conversion between typed values
 * (what generated code uses) and the id-keyed wire form that a serializer then
 * writes in one pass:
 * - struct / error: msgpack Map<fieldId, wire>, JSON object {"<fieldId>": wire};
 *   absent (undefined/null) fields are omitted; on decode unknown IDs are
 *   skipped, absent defaulted fields get a fresh default, absent optional fields
 *   stay absent.
 * - union: a single-entry struct {fieldId: wire} <-> `{ kind: <field name>, value }`.
 * - map: msgpack Map with native keys, JSON object with string keys <-> JS Map
 *   (a plain object is accepted on encode).
 * - list: array. enum: its int32 number (unknown numbers kept for validation).
 * Nesting is limited to MAX_DEPTH on both sides (cyclic or hostile input).
 */
import type { EnumSchema, FieldSchema, StructSchema, TypeSchema } from "../schema/types.js";
import { CodecError, depthError, MAX_DEPTH, typeError } from "./errors.js";
import { scalarConv } from "./convert-scalars.js";
import type { Conv, Dialect } from "./convert-scalars.js";

export type { Conv, Dialect } from "./convert-scalars.js";

const caches: Record<Dialect, WeakMap<object, Conv>> = { msgpack: new WeakMap(), json: new WeakMap() };

/** The converter of `type` in `dialect`, compiled on first use and cached on the schema object. */
export function converterFor(type: TypeSchema, dialect: Dialect): Conv {
  const cache = caches[dialect];
  let conv = cache.get(type);
  if (conv === undefined) {
    conv = compileType(type, dialect);
    cache.set(type, conv);
  }
  return conv;
}

/** The converter of a user type (struct, union, error or enum). */
export function schemaConverter(schema: StructSchema | EnumSchema, dialect: Dialect): Conv {
  const cache = caches[dialect];
  let conv = cache.get(schema);
  if (conv === undefined) {
    conv = schema.kind === "enum" ? scalarConv("enum", dialect) : schema.kind === "union" ? unionConv(schema, dialect) : structConv(schema, dialect);
    cache.set(schema, conv);
  }
  return conv;
}

function compileType(type: TypeSchema, dialect: Dialect): Conv {
  switch (type.kind) {
    case "list":
      return listConv(converterFor(type.element, dialect));
    case "map":
      return mapConv(type.key, converterFor(type.value, dialect), dialect);
    case "ref":
      return refConv(type.target, dialect);
    default:
      return scalarConv(type.kind, dialect);
  }
}

/** Resolves the thunk on first use, so recursive and cross-module types need no ordering. */
function refConv(target: () => StructSchema | EnumSchema, dialect: Dialect): Conv {
  let inner: Conv | undefined;
  return {
    enc: (v, d) => (inner ??= schemaConverter(target(), dialect)).enc(v, d),
    dec: (w, d) => (inner ??= schemaConverter(target(), dialect)).dec(w, d),
  };
}

function listConv(el: Conv): Conv {
  return {
    enc(v, d) {
      if (!Array.isArray(v)) throw typeError("an array", v);
      if (d > MAX_DEPTH) throw depthError();
      const out = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) out[i] = el.enc(v[i], d + 1);
      return out;
    },
    dec(w, d) {
      if (!Array.isArray(w)) throw typeError("a list", w);
      if (d > MAX_DEPTH) throw depthError();
      const out = new Array<unknown>(w.length);
      for (let i = 0; i < w.length; i++) out[i] = el.dec(w[i], d + 1);
      return out;
    },
  };
}

type KeyKind = "string" | "int32" | "int64";

/** Map keys are string, int32, int64 or an enum (an int32 on the wire). */
function keyKindOf(key: TypeSchema): KeyKind {
  if (key.kind === "string" || key.kind === "int32" || key.kind === "int64") return key.kind;
  if (key.kind === "ref" && key.target().kind === "enum") return "int32";
  throw new CodecError("TYPE", `map keys must be string, int32, int64 or an enum, not ${key.kind}`);
}

const INTEGER_TEXT = /^-?\d{1,20}$/;

/** A key as typed: from a wire key (msgpack native, JSON string) or a plain-object key on encode. */
function typedKey(k: unknown, kind: KeyKind): unknown {
  if (kind === "string") {
    if (typeof k !== "string") throw typeError("a string map key", k);
    return k;
  }
  if (typeof k === "string" && INTEGER_TEXT.test(k)) return kind === "int64" ? BigInt(k) : Number(k);
  if (kind === "int64") {
    if (typeof k === "bigint") return k;
    if (typeof k === "number" && Number.isInteger(k)) return BigInt(k);
  } else {
    if (typeof k === "number") return k;
    if (typeof k === "bigint") return Number(k);
  }
  throw typeError(`an ${kind} map key`, k);
}

function mapConv(keyType: TypeSchema, val: Conv, dialect: Dialect): Conv {
  let kind: KeyKind | undefined;
  const json = dialect === "json";
  // msgpack keys: int64 keys that fit 2^53 go out as compact ints, like int64 values.
  const keyConv = json ? undefined : keyType.kind === "int64" ? scalarConv("int64", "msgpack") : undefined;
  const wireKey = (k: unknown): unknown => (json ? String(k) : keyConv ? keyConv.enc(k, 0) : k);
  return {
    enc(v, d) {
      if (d > MAX_DEPTH) throw depthError();
      kind ??= keyKindOf(keyType);
      const out: Map<unknown, unknown> | Record<string, unknown> = json ? (Object.create(null) as Record<string, unknown>) : new Map();
      const put = (k: unknown, x: unknown): void => {
        const wk = wireKey(typedKey(k, kind!));
        const wv = val.enc(x, d + 1);
        if (out instanceof Map) out.set(wk, wv);
        else out[wk as string] = wv;
      };
      if (v instanceof Map) {
        for (const [k, x] of v) put(k, x);
      } else if (typeof v === "object" && v !== null && !Array.isArray(v)) {
        for (const k of Object.keys(v)) put(k, (v as Record<string, unknown>)[k]);
      } else {
        throw typeError("a Map", v);
      }
      return out;
    },
    dec(w, d) {
      if (d > MAX_DEPTH) throw depthError();
      kind ??= keyKindOf(keyType);
      const out = new Map<unknown, unknown>();
      if (!json) {
        if (!(w instanceof Map)) throw typeError("a map", w);
        for (const [k, x] of w) out.set(typedKey(k, kind), val.dec(x, d + 1));
      } else {
        if (typeof w !== "object" || w === null || Array.isArray(w)) throw typeError("a map", w);
        const rec = w as Record<string, unknown>;
        for (const k of Object.keys(rec)) out.set(typedKey(k, kind), val.dec(rec[k], d + 1));
      }
      return out;
    },
  };
}

interface CompiledField {
  readonly id: number;
  /** The JSON key: the ID in decimal. */
  readonly key: string;
  readonly name: string;
  readonly conv: Conv;
  readonly default: (() => unknown) | undefined;
  /** False for a field literally named `__proto__`, which must be defined, not assigned. */
  readonly assignable: boolean;
  /** The name exists on Object.prototype ("constructor", "toString"...): read own properties only. */
  readonly inherited: boolean;
}

function compileFields(fields: readonly FieldSchema[], dialect: Dialect): CompiledField[] {
  return fields.map((f) => ({
    id: f.id,
    key: String(f.id),
    name: f.name,
    conv: converterFor(f.type, dialect),
    default: f.default,
    assignable: f.name !== "__proto__",
    inherited: f.name in Object.prototype,
  }));
}

/** A field's value in a typed object; never one inherited from Object.prototype. */
function getField(v: object, f: CompiledField): unknown {
  if (f.inherited && !Object.hasOwn(v, f.name)) return undefined;
  return (v as Record<string, unknown>)[f.name];
}

function setField(out: Record<string, unknown>, f: CompiledField, value: unknown): void {
  if (f.assignable) out[f.name] = value;
  else Object.defineProperty(out, f.name, { value, enumerable: true, writable: true, configurable: true });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function structConv(schema: StructSchema, dialect: Dialect): Conv {
  const fields = compileFields(schema.fields, dialect);
  const n = fields.length;
  const what = `a ${schema.fullName}`;
  if (dialect === "msgpack") {
    return {
      enc(v, d) {
        if (typeof v !== "object" || v === null) throw typeError(what, v);
        if (d > MAX_DEPTH) throw depthError();
        const out = new Map<number, unknown>();
        for (let i = 0; i < n; i++) {
          const f = fields[i]!;
          const x = getField(v, f);
          if (x !== undefined && x !== null) out.set(f.id, f.conv.enc(x, d + 1));
        }
        return out;
      },
      dec(w, d) {
        if (!(w instanceof Map)) throw typeError(`${what} (a map keyed by field ID)`, w);
        if (d > MAX_DEPTH) throw depthError();
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const f = fields[i]!;
          const x = w.get(f.id);
          if (x !== undefined && x !== null) setField(out, f, f.conv.dec(x, d + 1));
          else if (f.default !== undefined) setField(out, f, f.default());
        }
        return out;
      },
    };
  }
  return {
    enc(v, d) {
      if (typeof v !== "object" || v === null) throw typeError(what, v);
      if (d > MAX_DEPTH) throw depthError();
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const f = fields[i]!;
        const x = getField(v, f);
        if (x !== undefined && x !== null) out[f.key] = f.conv.enc(x, d + 1);
      }
      return out;
    },
    dec(w, d) {
      if (!isRecord(w)) throw typeError(`${what} (an object keyed by field ID)`, w);
      if (d > MAX_DEPTH) throw depthError();
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const f = fields[i]!;
        // Keys are decimal IDs, which no prototype carries.
        const x = w[f.key];
        if (x !== undefined && x !== null) setField(out, f, f.conv.dec(x, d + 1));
        else if (f.default !== undefined) setField(out, f, f.default());
      }
      return out;
    },
  };
}

function unionConv(schema: StructSchema, dialect: Dialect): Conv {
  const fields = compileFields(schema.fields, dialect);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const byId = new Map(fields.map((f) => [f.id, f]));
  const mp = dialect === "msgpack";
  const pick = (id: unknown, x: unknown, found: { kind: string; value: unknown } | undefined, d: number) => {
    const f = byId.get(typeof id === "string" ? Number(id) : (id as number));
    if (f === undefined || x === undefined || x === null) return found;
    if (found !== undefined) throw new CodecError("TYPE", `union ${schema.fullName} has more than one member set`);
    return { kind: f.name, value: f.conv.dec(x, d + 1) };
  };
  return {
    enc(v, d) {
      if (!isRecord(v)) throw typeError(`a ${schema.fullName} union ({ kind, value })`, v);
      if (d > MAX_DEPTH) throw depthError();
      const f = byName.get(v["kind"] as string);
      if (f === undefined) throw new CodecError("TYPE", `unknown member ${JSON.stringify(v["kind"])} of union ${schema.fullName}`);
      const x = v["value"];
      if (x === undefined || x === null) throw new CodecError("TYPE", `union ${schema.fullName} member ${f.name} has no value`);
      const wire = f.conv.enc(x, d + 1);
      if (mp) return new Map([[f.id, wire]]);
      return { [f.key]: wire };
    },
    // No known member (one added by a newer peer): undefined, like an unset protobuf oneof.
    dec(w, d) {
      if (d > MAX_DEPTH) throw depthError();
      let found: { kind: string; value: unknown } | undefined;
      if (mp) {
        if (!(w instanceof Map)) throw typeError(`a ${schema.fullName} union (a single-entry map)`, w);
        for (const [id, x] of w) found = pick(id, x, found, d);
      } else {
        if (!isRecord(w)) throw typeError(`a ${schema.fullName} union (a single-entry object)`, w);
        for (const k of Object.keys(w)) found = pick(k, w[k], found, d);
      }
      return found;
    },
  };
}
