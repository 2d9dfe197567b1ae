/**
 * Scalar conversions between typed values and their JSON form: int64 as a
 * decimal string, bytes as base64, timestamp as epoch milliseconds, non-finite
 * floats and -0 as the strings "NaN", "Infinity", "-Infinity", "-0".
 */
import type { ScalarKind } from "../schema/types.js";
import { typeError } from "./errors.js";

/** A compiled conversion for one type: typed value <-> JSON value. `depth` guards nesting. */
export interface Conv {
  enc(value: unknown, depth: number): unknown;
  dec(wire: unknown, depth: number): unknown;
}

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
    if (typeof w !== "number") throw typeError("an integer", w);
    return w;
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

const int64: Conv = {
  enc(v) {
    if (typeof v === "bigint" || (typeof v === "number" && Number.isSafeInteger(v))) return String(v);
    throw typeError("a bigint", v);
  },
  // Decimal text as written; a plain JSON integer is accepted from lenient peers.
  dec(w) {
    if (typeof w === "string" && DECIMAL.test(w)) return BigInt(w);
    if (typeof w === "number" && Number.isInteger(w)) return BigInt(w);
    throw typeError("an int64 (decimal text)", w);
  },
};

const float64: Conv = {
  // JSON text has no NaN or infinities, and JSON.stringify writes -0 as 0: those go as strings.
  enc(v) {
    if (typeof v !== "number") throw typeError("a number", v);
    if (!Number.isFinite(v)) return String(v);
    return v === 0 && 1 / v < 0 ? "-0" : v;
  },
  dec(w) {
    if (typeof w === "number") return w;
    if (w === "-0") return -0;
    if (w === "NaN") return NaN;
    if (w === "Infinity") return Infinity;
    if (w === "-Infinity") return -Infinity;
    throw typeError("a number", w);
  },
};

const bytes: Conv = {
  enc(v) {
    if (!(v instanceof Uint8Array)) throw typeError("a Uint8Array", v);
    return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
  },
  dec(w) {
    if (typeof w !== "string") throw typeError("base64 text", w);
    const b = Buffer.from(w, "base64");
    // A plain Uint8Array view (no copy), not a Buffer, so values compare equal to what the caller sent.
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
};

const timestamp: Conv = {
  enc(v) {
    if (!(v instanceof Date)) throw typeError("a Date", v);
    return v.getTime();
  },
  dec(w) {
    if (typeof w !== "number") throw typeError("epoch milliseconds", w);
    return new Date(w);
  },
};

/** The converter of a scalar kind (shared, stateless); enums are int32 numbers. */
export const jsonScalars: Readonly<Record<ScalarKind | "enum", Conv>> = { bool, int32, enum: int32, string, int64, float64, bytes, timestamp };
