/**
 * Compiles, once per schema, the conversion between typed values and their
 * JSON form (same structure as MessagePack, see docs/protocol.md):
 * - struct / error: object keyed by the decimal field ID; absent (undefined/
 *   null) fields omitted; on decode unknown IDs are skipped, absent defaulted
 *   fields get a fresh default, absent optional fields stay absent.
 * - union: single-entry object {"<fieldId>": value} <-> `{ kind: <field name>, value }`
 *   (no known member: undefined).
 * - map: object with the keys as strings <-> JS Map (a plain object is accepted on encode).
 * - list: array; enum: its number.
 * Nesting is limited to MAX_DEPTH both ways.
 */
import type { EnumSchema, FieldSchema, StructSchema, TypeSchema } from "../schema/types.js";
import { CodecError, depthError, MAX_DEPTH, typeError } from "./errors.js";
import { jsonScalars } from "./json-scalars.js";
import type { Conv } from "./json-scalars.js";

const cache = new WeakMap<object, Conv>();

/** The converter of `type`, compiled on first use and cached on the schema object. */
export function jsonConverterFor(type: TypeSchema): Conv {
  let conv = cache.get(type);
  if (conv === undefined) {
    conv = compileType(type);
    cache.set(type, conv);
  }
  return conv;
}

function schemaConverter(schema: StructSchema | EnumSchema): Conv {
  let conv = cache.get(schema);
  if (conv === undefined) {
    conv = schema.kind === "enum" ? jsonScalars.enum : schema.kind === "union" ? unionConv(schema) : structConv(schema);
    cache.set(schema, conv);
  }
  return conv;
}

function compileType(type: TypeSchema): Conv {
  switch (type.kind) {
    case "list":
      return listConv(jsonConverterFor(type.element));
    case "map":
      return mapConv(type.key, jsonConverterFor(type.value));
    case "ref": {
      // Resolved on first use: recursive and cross-module types need no ordering.
      let inner: Conv | undefined;
      const target = type.target;
      return {
        enc: (v, d) => (inner ??= schemaConverter(target())).enc(v, d),
        dec: (w, d) => (inner ??= schemaConverter(target())).dec(w, d),
      };
    }
    default:
      return jsonScalars[type.kind];
  }
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

/** Map keys are string, int32, int64 or an enum (an int32). */
function keyKindOf(key: TypeSchema): KeyKind {
  if (key.kind === "string" || key.kind === "int32" || key.kind === "int64") return key.kind;
  if (key.kind === "ref" && key.target().kind === "enum") return "int32";
  throw new CodecError("TYPE", `map keys must be string, int32, int64 or an enum, not ${key.kind}`);
}

const INTEGER_TEXT = /^-?\d{1,20}$/;

/** A typed key from its text (JSON keys and plain-object keys) or from a Map key on encode. */
function typedKey(k: unknown, kind: KeyKind): unknown {
  if (kind === "string") {
    if (typeof k !== "string") throw typeError("a string map key", k);
    return k;
  }
  if (typeof k === "string" && INTEGER_TEXT.test(k)) return kind === "int64" ? BigInt(k) : Number(k);
  if (kind === "int64" ? typeof k === "bigint" || (typeof k === "number" && Number.isSafeInteger(k)) : typeof k === "number") return k;
  throw typeError(`an ${kind} map key`, k);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function mapConv(keyType: TypeSchema, val: Conv): Conv {
  let kind: KeyKind | undefined;
  return {
    enc(v, d) {
      if (d > MAX_DEPTH) throw depthError();
      kind ??= keyKindOf(keyType);
      // Null prototype: a "__proto__" key is an ordinary entry.
      const out = Object.create(null) as Record<string, unknown>;
      if (v instanceof Map) {
        for (const [k, x] of v) out[String(typedKey(k, kind))] = val.enc(x, d + 1);
      } else if (isRecord(v)) {
        for (const k of Object.keys(v)) out[String(typedKey(k, kind))] = val.enc(v[k], d + 1);
      } else {
        throw typeError("a Map", v);
      }
      return out;
    },
    dec(w, d) {
      if (!isRecord(w)) throw typeError("a map", w);
      if (d > MAX_DEPTH) throw depthError();
      kind ??= keyKindOf(keyType);
      const out = new Map<unknown, unknown>();
      for (const k of Object.keys(w)) out.set(typedKey(k, kind), val.dec(w[k], d + 1));
      return out;
    },
  };
}

interface CompiledField {
  /** The JSON key: the ID in decimal (no prototype carries such a key). */
  readonly key: string;
  readonly name: string;
  readonly conv: Conv;
  readonly default: (() => unknown) | undefined;
  /** The name exists on Object.prototype ("constructor"...): read and test own properties only. */
  readonly inherited: boolean;
  /** Literally `__proto__`: must be defined, not assigned. */
  readonly special: boolean;
}

function compileFields(fields: readonly FieldSchema[]): CompiledField[] {
  return fields.map((f) => ({
    key: String(f.id),
    name: f.name,
    conv: jsonConverterFor(f.type),
    default: f.default,
    inherited: f.name in Object.prototype,
    special: f.name === "__proto__",
  }));
}

function getField(v: Record<string, unknown>, f: CompiledField): unknown {
  return (f.inherited || f.special) && !Object.hasOwn(v, f.name) ? undefined : v[f.name];
}

function setField(out: Record<string, unknown>, f: CompiledField, value: unknown): void {
  if (f.special) Object.defineProperty(out, f.name, { value, enumerable: true, writable: true, configurable: true });
  else out[f.name] = value;
}

function structConv(schema: StructSchema): Conv {
  const fields = compileFields(schema.fields);
  const what = `a ${schema.fullName}`;
  return {
    enc(v, d) {
      if (typeof v !== "object" || v === null) throw typeError(what, v);
      if (d > MAX_DEPTH) throw depthError();
      const out: Record<string, unknown> = {};
      for (const f of fields) {
        const x = getField(v as Record<string, unknown>, f);
        if (x !== undefined && x !== null) out[f.key] = f.conv.enc(x, d + 1);
      }
      return out;
    },
    dec(w, d) {
      if (!isRecord(w)) throw typeError(`${what} (an object keyed by field ID)`, w);
      if (d > MAX_DEPTH) throw depthError();
      const out: Record<string, unknown> = {};
      for (const f of fields) {
        const x = Object.hasOwn(w, f.key) ? w[f.key] : undefined;
        // A union with no member this side knows decodes to undefined: the field is then absent.
        const value = x === undefined || x === null ? undefined : f.conv.dec(x, d + 1);
        if (value !== undefined) setField(out, f, value);
        else if (f.default !== undefined) setField(out, f, f.default());
      }
      return out;
    },
  };
}

function unionConv(schema: StructSchema): Conv {
  const fields = compileFields(schema.fields);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const byKey = new Map(fields.map((f) => [f.key, f]));
  return {
    enc(v, d) {
      if (!isRecord(v)) throw typeError(`a ${schema.fullName} union ({ kind, value })`, v);
      if (d > MAX_DEPTH) throw depthError();
      const f = typeof v["kind"] === "string" ? byName.get(v["kind"]) : undefined;
      if (f === undefined) throw new CodecError("TYPE", `unknown member ${JSON.stringify(v["kind"])} of union ${schema.fullName}`);
      const x = v["value"];
      if (x === undefined || x === null) throw new CodecError("TYPE", `union ${schema.fullName} member ${f.name} has no value`);
      return { [f.key]: f.conv.enc(x, d + 1) };
    },
    dec(w, d) {
      if (!isRecord(w)) throw typeError(`a ${schema.fullName} union (a single-entry object)`, w);
      if (d > MAX_DEPTH) throw depthError();
      let found: { kind: string; value: unknown } | undefined;
      for (const k of Object.keys(w)) {
        const f = byKey.get(k);
        const x = w[k];
        if (f === undefined || x === undefined || x === null) continue;
        if (found !== undefined) throw new CodecError("TYPE", `union ${schema.fullName} has more than one member set`);
        found = { kind: f.name, value: f.conv.dec(x, d + 1) };
      }
      return found;
    },
  };
}
