/**
 * What validation reports: the first problem found, with the path to it.
 */

/** One validation failure, e.g. `{ path: "items[2].quantity", message: "must be at most 1000, got 5000" }`. */
export interface ValidationIssue {
  /** `param`, `param.field`, `param[2].field`, `param{"key"}` (string keys quoted, numbers bare). */
  path: string;
  message: string;
}

/**
 * A compiled check: undefined when `value` is fine, else an issue whose path is
 * relative to the value (e.g. "", ".sku", "[2].quantity"). Parents prepend their
 * segment on the way out, so the happy path allocates nothing.
 */
export type Check = (value: unknown, depth: number) => ValidationIssue | undefined;

export function issue(message: string): ValidationIssue {
  return { path: "", message };
}

/** A short, safe rendering of a bad value for messages. */
export function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "bigint") return `${v}n`;
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (Array.isArray(v)) return "an array";
  if (v instanceof Map) return "a Map";
  if (v instanceof Uint8Array) return "bytes";
  if (v instanceof Date) return "a Date";
  if (typeof v === "object") return "an object";
  if (typeof v === "function") return "a function";
  return String(v);
}
