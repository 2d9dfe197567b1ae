/**
 * Compiles, once per schema, a MessagePack encoder and decoder that go straight
 * between typed values and bytes (no intermediate objects):
 * - struct / error / union: msgpack-struct.ts (maps keyed by field ID).
 * - map: a MessagePack map with native keys <-> JS Map (a plain object is accepted on encode).
 * - list: array; enum: int; int64: shortest int form, decoded to bigint always;
 *   timestamp: the timestamp extension; bytes: bin, decoded as a view of the body.
 * Nesting is limited to MAX_DEPTH both ways.
 */
import type { EnumSchema, ScalarKind, StructSchema, TypeSchema } from "../schema/types.js";
import { CodecError, depthError, MAX_DEPTH, typeError } from "./errors.js";
import * as r from "./msgpack-read.js";
import { structCodec, unionCodec } from "./msgpack-struct.js";
import type { MpCodec } from "./msgpack-struct.js";
import * as w from "./msgpack-write.js";

export type { MpCodec } from "./msgpack-struct.js";

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

/**
 * The codec of `type` with a top-level ref resolved to its schema's codec (one
 * indirection less per value). Only once the target exists: for the outermost
 * type of an encode or decode, not while compiling (recursive types).
 */
export function mpResolvedCodecFor(type: TypeSchema): MpCodec {
  return type.kind === "ref" ? schemaCodec(type.target()) : mpCodecFor(type);
}

function schemaCodec(schema: StructSchema | EnumSchema): MpCodec {
  let c = cache.get(schema);
  if (c === undefined) {
    c = schema.kind === "enum" ? scalars.int32 : schema.kind === "union" ? unionCodec(schema, mpCodecFor) : structCodec(schema, mpCodecFor);
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
