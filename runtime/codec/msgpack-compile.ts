/**
 * Compiles, once per schema, a MessagePack encoder and decoder that go straight
 * between typed values and bytes (no intermediate objects):
 * - struct / error: a map keyed by integer field IDs; absent (undefined/null)
 *   fields omitted; on decode unknown IDs and non-integer keys are skipped,
 *   nil is absent, absent defaulted fields get a fresh default, absent optional
 *   fields stay absent.
 * - union: a single-entry map {fieldId: value} <-> `{ kind: <field name>, value }`
 *   (no known member: undefined, like an unset protobuf oneof).
 * - map: a MessagePack map with native keys <-> JS Map (a plain object is accepted on encode).
 * - list: array; enum: int; int64: shortest int form, decoded to bigint always;
 *   timestamp: the timestamp extension; bytes: bin, decoded as a view of the body.
 * Nesting is limited to MAX_DEPTH both ways.
 */
import type { EnumSchema, FieldSchema, ScalarKind, StructSchema, TypeSchema } from "../schema/types.js";
import { CodecError, depthError, MAX_DEPTH, typeError } from "./errors.js";
import * as r from "./msgpack-read.js";
import * as w from "./msgpack-write.js";

/** A compiled codec for one type. */
export interface MpCodec {
  write(value: unknown, depth: number): void;
  read(depth: number): unknown;
}

const cache = new WeakMap<object, MpCodec>();

/** The codec of `type`, compiled on first use and cached on the schema object. */
export function mpCodecFor(type: TypeSchema): MpCodec {
  let c = cache.get(type);
  if (c === undefined) {
    c = compileType(type);
    cache.set(type, c);
  }
  return c;
}

function schemaCodec(schema: StructSchema | EnumSchema): MpCodec {
  let c = cache.get(schema);
  if (c === undefined) {
    c = schema.kind === "enum" ? scalars.int32 : schema.kind === "union" ? unionCodec(schema) : structCodec(schema);
    cache.set(schema, c);
  }
  return c;
}

function compileType(type: TypeSchema): MpCodec {
  switch (type.kind) {
    case "list":
      return listCodec(mpCodecFor(type.element));
    case "map":
      return mapCodec(type.key, mpCodecFor(type.value));
    case "ref": {
      // Resolved on first use: recursive and cross-module types need no ordering.
      let inner: MpCodec | undefined;
      const target = type.target;
      return {
        write: (v, d) => (inner ??= schemaCodec(target())).write(v, d),
        read: (d) => (inner ??= schemaCodec(target())).read(d),
      };
    }
    default:
      return scalars[type.kind];
  }
}

const scalars: Record<ScalarKind, MpCodec> = {
  bool: {
    write(v) {
      if (typeof v !== "boolean") throw typeError("a boolean", v);
      w.writeBool(v);
    },
    read: r.readBool,
  },
  int32: {
    write(v) {
      if (typeof v !== "number") throw typeError("a number", v);
      w.writeNumber(v);
    },
    read: r.readNumber,
  },
  int64: {
    write(v) {
      if (typeof v === "bigint") w.writeBigInt(v);
      else if (typeof v === "number" && Number.isSafeInteger(v)) w.writeNumber(v);
      else throw typeError("a bigint", v);
    },
    read: r.readBigInt,
  },
  float64: {
    write(v) {
      if (typeof v !== "number") throw typeError("a number", v);
      w.writeNumber(v);
    },
    read: r.readNumber,
  },
  string: {
    write(v) {
      if (typeof v !== "string") throw typeError("a string", v);
      w.writeString(v);
    },
    read: r.readString,
  },
  bytes: {
    write(v) {
      if (!(v instanceof Uint8Array)) throw typeError("a Uint8Array", v);
      w.writeBytes(v);
    },
    read: r.readBytes,
  },
  timestamp: {
    write(v) {
      if (!(v instanceof Date)) throw typeError("a Date", v);
      w.writeTimestamp(v);
    },
    read: r.readTimestamp,
  },
};

function listCodec(el: MpCodec): MpCodec {
  return {
    write(v, d) {
      if (!Array.isArray(v)) throw typeError("an array", v);
      if (d > MAX_DEPTH) throw depthError();
      const n = v.length;
      w.writeArrayHeader(n);
      for (let i = 0; i < n; i++) el.write(v[i], d + 1);
    },
    read(d) {
      if (d > MAX_DEPTH) throw depthError();
      const n = r.readArrayHeader();
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = el.read(d + 1);
      return out;
    },
  };
}

const INTEGER_TEXT = /^-?\d{1,20}$/;

/** Map keys: string, int32, int64 or an enum (an int on the wire). Plain-object keys arrive as strings. */
function keyCodec(key: TypeSchema): MpCodec {
  const kind = key.kind === "ref" ? (key.target().kind === "enum" ? "int32" : "ref") : key.kind;
  if (kind !== "string" && kind !== "int32" && kind !== "int64") {
    throw new CodecError("TYPE", `map keys must be string, int32, int64 or an enum, not ${kind}`);
  }
  const base = scalars[kind];
  if (kind === "string") return base;
  return {
    write(k, d) {
      if (typeof k === "string" && INTEGER_TEXT.test(k)) k = kind === "int64" ? BigInt(k) : Number(k);
      base.write(k, d);
    },
    read: base.read,
  };
}

function mapCodec(keyType: TypeSchema, val: MpCodec): MpCodec {
  let key: MpCodec | undefined;
  return {
    write(v, d) {
      if (d > MAX_DEPTH) throw depthError();
      key ??= keyCodec(keyType);
      if (v instanceof Map) {
        w.writeMapHeader(v.size);
        for (const [k, x] of v) {
          key.write(k, d + 1);
          val.write(x, d + 1);
        }
      } else if (typeof v === "object" && v !== null && !Array.isArray(v)) {
        const keys = Object.keys(v);
        w.writeMapHeader(keys.length);
        for (const k of keys) {
          key.write(k, d + 1);
          val.write((v as Record<string, unknown>)[k], d + 1);
        }
      } else {
        throw typeError("a Map", v);
      }
    },
    read(d) {
      if (d > MAX_DEPTH) throw depthError();
      key ??= keyCodec(keyType);
      const n = r.readMapHeader();
      const out = new Map<unknown, unknown>();
      for (let i = 0; i < n; i++) {
        const k = key.read(d + 1);
        out.set(k, val.read(d + 1));
      }
      return out;
    },
  };
}

interface Field {
  readonly id: number;
  readonly name: string;
  /** The field ID as an encoded MessagePack int, prepared once. */
  readonly keyBytes: Uint8Array;
  codec: MpCodec;
  readonly default: (() => unknown) | undefined;
  /** The name exists on Object.prototype ("constructor"...): read and test own properties only. */
  readonly inherited: boolean;
  /** Literally `__proto__`: must be defined, not assigned. */
  readonly special: boolean;
}

function keyBytes(id: number): Uint8Array {
  if (id < 0x80) return Uint8Array.of(id);
  if (id < 0x100) return Uint8Array.of(0xcc, id);
  if (id < 0x10000) return Uint8Array.of(0xcd, id >>> 8, id & 0xff);
  return Uint8Array.of(0xce, id >>> 24, (id >>> 16) & 0xff, (id >>> 8) & 0xff, id & 0xff);
}

function compileFields(fields: readonly FieldSchema[]): Field[] {
  return fields.map((f) => ({
    id: f.id,
    name: f.name,
    keyBytes: keyBytes(f.id),
    codec: mpCodecFor(f.type),
    default: f.default,
    inherited: f.name in Object.prototype,
    special: f.name === "__proto__",
  }));
}

/** Field lookup by ID: a dense array for the usual small IDs, a Map otherwise. */
function indexById(fields: Field[]): (id: number) => Field | undefined {
  const max = fields.reduce((m, f) => Math.max(m, f.id), 0);
  if (max < 1024) {
    const table = new Array<Field | undefined>(max + 1).fill(undefined);
    for (const f of fields) table[f.id] = f;
    return (id) => (id <= max ? table[id] : undefined);
  }
  const map = new Map(fields.map((f) => [f.id, f]));
  return (id) => map.get(id);
}

/** A JS string literal for generated code (field names come from schemas, IDs are checked integers). */
function lit(s: string): string {
  return JSON.stringify(s);
}

function defineField(out: object, name: string, value: unknown): void {
  Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Structs are the hot path, so their reader and writer are generated once per
 * schema with constant property names (like protobufjs does): V8 then uses
 * fast named property access instead of megamorphic keyed lookups.
 */
function structCodec(schema: StructSchema): MpCodec {
  const fields = compileFields(schema.fields);
  for (const f of fields) {
    if (!Number.isInteger(f.id) || f.id < 1 || f.id >= 2 ** 29) {
      throw new CodecError("TYPE", `${schema.fullName}.${f.name}: field ID ${f.id} is not an integer in 1..2^29-1`);
    }
  }
  const n = fields.length;
  const what = `a ${schema.fullName}`;
  const get = (f: Field): string =>
    f.inherited || f.special ? `(Object.hasOwn(v, ${lit(f.name)}) ? v[${lit(f.name)}] : undefined)` : `v[${lit(f.name)}]`;
  const set = (f: Field, value: string): string => (f.special ? `defineField(o, ${lit(f.name)}, ${value})` : `o[${lit(f.name)}] = ${value}`);
  const isAbsent = (f: Field): string => (f.inherited || f.special ? `!Object.hasOwn(o, ${lit(f.name)})` : `o[${lit(f.name)}] === undefined`);

  const writeBody = fields
    .map((f, i) => {
      const key = f.id < 0x80 ? `writeByte(${f.id})` : `writeRaw(keys[${i}])`;
      return `  x = ${get(f)};\n  if (x !== undefined && x !== null) { ${key}; c${i}.write(x, d + 1); count++; }`;
    })
    .join("\n");
  const readCases = fields.map((f, i) => `      case ${f.id}: if (!readNil()) ${set(f, `c${i}.read(d + 1)`)}; break;`).join("\n");
  const defaults = fields
    .map((f, i) => (f.default === undefined ? "" : `  if (${isAbsent(f)}) ${set(f, `defaults[${i}]()`)};`))
    .filter((s) => s !== "")
    .join("\n");
  const source = `
${fields.map((_, i) => `const c${i} = codecs[${i}];`).join("\n")}
function write(v, d) {
  if (typeof v !== "object" || v === null) throw typeError(what, v);
  if (d > MAX_DEPTH) throw depthError();
  const mark = reserveMap(${n});
  let count = 0;
  let x;
${writeBody}
  patchMap(mark, ${n}, count);
}
function read(d) {
  if (d > MAX_DEPTH) throw depthError();
  const entries = readMapHeader();
  const o = {};
  for (let i = 0; i < entries; i++) {
    switch (readFieldId()) {
${readCases}
      default: skip();
    }
  }
${defaults}
  return o;
}
return { write, read };`;
  const factory = new Function(
    "codecs", "keys", "defaults", "what", "MAX_DEPTH", "typeError", "depthError", "defineField",
    "reserveMap", "patchMap", "writeByte", "writeRaw", "readMapHeader", "readFieldId", "readNil", "skip",
    source,
  ) as (...args: unknown[]) => MpCodec;
  return factory(
    fields.map((f) => f.codec), fields.map((f) => f.keyBytes), fields.map((f) => f.default), what, MAX_DEPTH, typeError, depthError, defineField,
    w.reserveMap, w.patchMap, w.writeByte, w.writeRaw, r.readMapHeader, r.readFieldId, r.readNil, r.skip,
  );
}

function unionCodec(schema: StructSchema): MpCodec {
  const fields = compileFields(schema.fields);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const byId = indexById(fields);
  return {
    write(v, d) {
      if (typeof v !== "object" || v === null) throw typeError(`a ${schema.fullName} union ({ kind, value })`, v);
      if (d > MAX_DEPTH) throw depthError();
      const u = v as { kind?: unknown; value?: unknown };
      const f = typeof u.kind === "string" ? byName.get(u.kind) : undefined;
      if (f === undefined) throw new CodecError("TYPE", `unknown member ${JSON.stringify(u.kind)} of union ${schema.fullName}`);
      if (u.value === undefined || u.value === null) throw new CodecError("TYPE", `union ${schema.fullName} member ${f.name} has no value`);
      w.writeMapHeader(1);
      w.writeRaw(f.keyBytes);
      f.codec.write(u.value, d + 1);
    },
    read(d) {
      if (d > MAX_DEPTH) throw depthError();
      const entries = r.readMapHeader();
      let found: { kind: string; value: unknown } | undefined;
      for (let i = 0; i < entries; i++) {
        const id = r.readFieldId();
        const f = id < 0 ? undefined : byId(id);
        if (f === undefined || r.readNil()) {
          if (f === undefined) r.skip();
          continue;
        }
        if (found !== undefined) throw new CodecError("TYPE", `union ${schema.fullName} has more than one member set`);
        found = { kind: f.name, value: f.codec.read(d + 1) };
      }
      return found;
    },
  };
}
