/**
 * Failures of body encoding and decoding. The caller maps them: a request body
 * that does not decode is INVALID_ARGUMENT, a response body INTERNAL.
 */

/** Deepest nesting of lists, maps, structs and unions a decoder accepts. */
export const MAX_DEPTH = 64;

export class CodecError extends Error {
  override readonly name = "CodecError";
  constructor(
    /** "TYPE" (value does not match the schema), "DEPTH" (nested deeper than MAX_DEPTH) or "MALFORMED" (bytes do not parse). */
    readonly reason: "TYPE" | "DEPTH" | "MALFORMED",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function typeError(expected: string, got: unknown): CodecError {
  return new CodecError("TYPE", `expected ${expected}, got ${describe(got)}`);
}

export function depthError(): CodecError {
  return new CodecError("DEPTH", `value nested deeper than ${MAX_DEPTH} levels; refusing to decode it`);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (v instanceof Map) return "a Map";
  if (v instanceof Uint8Array) return "bytes";
  if (v instanceof Date) return "a Date";
  const t = typeof v;
  return t === "object" ? "an object" : t === "bigint" ? `bigint ${String(v)}` : t === "number" || t === "boolean" ? `${t} ${String(v)}` : t;
}
