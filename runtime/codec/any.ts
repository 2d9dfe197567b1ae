/**
 * Untyped values (error details, arguments of an unknown method): decoded into
 * plain data that is safe to hand to user code.
 */
import { depthError, MAX_DEPTH } from "./errors.js";

/** Keys that could reach or replace an object's prototype; dropped from decoded records. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Copies a freshly decoded value into safe plain data: maps become plain objects
 * with string keys (prototype keys dropped), binary becomes Uint8Array, nesting
 * is limited to MAX_DEPTH.
 */
export function sanitizeAny(w: unknown, depth = 1): unknown {
  if (typeof w !== "object" || w === null) return w;
  if (depth > MAX_DEPTH) throw depthError();
  if (Array.isArray(w)) {
    const out = new Array<unknown>(w.length);
    for (let i = 0; i < w.length; i++) out[i] = sanitizeAny(w[i], depth + 1);
    return out;
  }
  if (w instanceof Uint8Array) return w.constructor === Uint8Array ? w : new Uint8Array(w.buffer, w.byteOffset, w.byteLength);
  if (w instanceof Date) return w;
  const out: Record<string, unknown> = {};
  if (w instanceof Map) {
    for (const [k, x] of w) {
      const key = String(k);
      if (!FORBIDDEN_KEYS.has(key)) out[key] = sanitizeAny(x, depth + 1);
    }
    return out;
  }
  for (const key of Object.keys(w)) {
    if (!FORBIDDEN_KEYS.has(key)) out[key] = sanitizeAny((w as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}
