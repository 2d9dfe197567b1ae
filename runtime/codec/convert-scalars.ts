/**
 * Scalar conversions between typed values and the wire form of each dialect.
 * msgpack: native types (int64 as int when it fits 2^53, else int64; Date as the
 * timestamp extension; bytes as bin). JSON: int64 as a decimal string, bytes as
 * base64, timestamp as epoch milliseconds, non-finite floats as strings.
 */
import type { ScalarKind } from "../schema/types.js";
import { typeError } from "./errors.js";

/** A compiled conversion for one type: typed value <-> wire form. `depth` guards nesting. */
export interface Conv {
  enc(value: unknown, depth: number): unknown;
  dec(wire: unknown, depth: number): unknown;
}

export type Dialect = "msgpack" | "json";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;
const DECIMAL = /^-?\d{1,20}$/;

const bool: Conv = {
  enc(v) {
    if (typeof v !== "boolean") throw typeError("a boolean", v);
    return v;
  },
  dec(w) {
    if (typeof w !== "boolean") throw typeError("a boolean", w);
    return w;
  },
};

/** int32 and enums: numbers (out-of-range or unknown values are kept for validation to report). */
const int32: Conv = {
  enc(v) {
    if (typeof v !== "number") throw typeError("a number", v);
    return v;
  },
  dec(w) {
    if (typeof w === "number") return w;
    if (typeof w === "bigint") return Number(w);
    throw typeError("an integer", w);
  },
};

const string: Conv = {
  enc(v) {
    if (typeof v !== "string") throw typeError("a string", v);
    return v;
  },
  dec(w) {
    if (typeof w !== "string") throw typeError("a string", w);
    return w;
  },
};

function toBigInt(w: unknown): bigint {
  if (typeof w === "bigint") return w;
  if (typeof w === "number" && Number.isInteger(w)) return BigInt(w);
  if (typeof w === "string" && DECIMAL.test(w)) return BigInt(w);
  throw typeError("an int64", w);
}

function checkInt64(v: unknown): bigint | number {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isSafeInteger(v)) return v;
  throw typeError("a bigint", v);
}

const int64Msgpack: Conv = {
  enc(v) {
    const n = checkInt64(v);
    // Small values go out as compact msgpack ints; the decoder turns every int back into a bigint.
    return typeof n === "bigint" && n >= MIN_SAFE && n <= MAX_SAFE ? Number(n) : n;
  },
  dec: toBigInt,
};

const int64Json: Conv = {
  enc(v) {
    return String(checkInt64(v));
  },
  dec: toBigInt,
};

const float64Msgpack: Conv = {
  enc(v) {
    if (typeof v !== "number") throw typeError("a number", v);
    return v;
  },
  dec(w) {
    if (typeof w === "number") return w;
    if (typeof w === "bigint") return Number(w);
    throw typeError("a number", w);
  },
};

const float64Json: Conv = {
  enc(v) {
    if (typeof v !== "number") throw typeError("a number", v);
    return Number.isFinite(v) ? v : String(v);
  },
  dec(w) {
    if (typeof w === "number") return w;
    if (w === "NaN") return NaN;
    if (w === "Infinity") return Infinity;
    if (w === "-Infinity") return -Infinity;
    throw typeError("a number", w);
  },
};

function asUint8Array(b: Uint8Array): Uint8Array {
  // A plain Uint8Array view (no copy), not a Buffer, so values compare equal to what the caller sent.
  return b.constructor === Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

const bytesMsgpack: Conv = {
  enc(v) {
    if (!(v instanceof Uint8Array)) throw typeError("a Uint8Array", v);
    return v;
  },
  dec(w) {
    if (!(w instanceof Uint8Array)) throw typeError("bytes", w);
    return asUint8Array(w);
  },
};

const bytesJson: Conv = {
  enc(v) {
    if (!(v instanceof Uint8Array)) throw typeError("a Uint8Array", v);
    return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
  },
  dec(w) {
    if (typeof w !== "string") throw typeError("base64 text", w);
    return asUint8Array(Buffer.from(w, "base64"));
  },
};

function checkDate(v: unknown): Date {
  if (!(v instanceof Date)) throw typeError("a Date", v);
  return v;
}

const timestampMsgpack: Conv = {
  enc: checkDate,
  dec(w) {
    if (w instanceof Date) return w;
    if (typeof w === "number") return new Date(w);
    throw typeError("a timestamp", w);
  },
};

const timestampJson: Conv = {
  enc(v) {
    return checkDate(v).getTime();
  },
  dec(w) {
    if (typeof w === "number") return new Date(w);
    throw typeError("epoch milliseconds", w);
  },
};

/** The converter of a scalar kind in a dialect (shared, stateless). */
export function scalarConv(kind: ScalarKind | "enum", dialect: Dialect): Conv {
  const mp = dialect === "msgpack";
  switch (kind) {
    case "bool":
      return bool;
    case "int32":
    case "enum":
      return int32;
    case "string":
      return string;
    case "int64":
      return mp ? int64Msgpack : int64Json;
    case "float64":
      return mp ? float64Msgpack : float64Json;
    case "bytes":
      return mp ? bytesMsgpack : bytesJson;
    case "timestamp":
      return mp ? timestampMsgpack : timestampJson;
  }
}
