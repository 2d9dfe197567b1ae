/**
 * Checks for the field rules `@range`, `@len` and `@pattern` (FieldRules).
 */
import type { FieldRules } from "./types.js";
import { issue, show } from "./issue.js";
import type { Check } from "./issue.js";

/** Length in Unicode code points (what a user counts as characters). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

/** "1 character", "2 characters": the units above are plurals. */
function unitOf(plural: string, n: number): string {
  return n === 1 ? plural.slice(0, plural.endsWith("ies") ? -3 : -1) + (plural.endsWith("ies") ? "y" : "") : plural;
}

function sizeOf(v: unknown): { size: number; unit: string } | undefined {
  if (typeof v === "string") return { size: codePoints(v), unit: "characters" };
  if (v instanceof Uint8Array) return { size: v.byteLength, unit: "bytes" };
  if (Array.isArray(v)) return { size: v.length, unit: "elements" };
  if (v instanceof Map) return { size: v.size, unit: "entries" };
  return undefined;
}

/** Compiles a pattern once; Unicode mode when the pattern allows it. The match is a search: anchor with ^ and $. */
export function compilePattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern, "u");
  } catch {
    return new RegExp(pattern);
  }
}

/** The checks of `rules` as one Check (applied after the type check passed), or undefined when there are none. */
export function rulesCheck(rules: FieldRules | undefined): Check | undefined {
  if (rules === undefined) return undefined;
  const checks: Check[] = [];
  const range = rules.range;
  if (range !== undefined) {
    const { min, max } = range;
    checks.push((v) => {
      if (typeof v !== "number" && typeof v !== "bigint") return undefined;
      // Negated tests: NaN compares false both ways, so any bound excludes it.
      if (min !== undefined && !(v >= min)) return issue(`must be at least ${min}, got ${v}`);
      if (max !== undefined && !(v <= max)) return issue(`must be at most ${max}, got ${v}`);
      return undefined;
    });
  }
  const len = rules.len;
  if (len !== undefined) {
    const { min, max } = len;
    checks.push((v) => {
      const s = sizeOf(v);
      if (s === undefined) return undefined;
      if (min !== undefined && s.size < min) return issue(`must have at least ${min} ${unitOf(s.unit, min)}, got ${s.size}`);
      if (max !== undefined && s.size > max) return issue(`must have at most ${max} ${unitOf(s.unit, max)}, got ${s.size}`);
      return undefined;
    });
  }
  if (rules.pattern !== undefined) {
    const re = compilePattern(rules.pattern);
    checks.push((v) => {
      if (typeof v !== "string") return undefined;
      return re.test(v) ? undefined : issue(`must match /${rules.pattern}/, got ${show(v)}`);
    });
  }
  if (checks.length === 0) return undefined;
  if (checks.length === 1) return checks[0];
  return (v, d) => {
    for (const c of checks) {
      const r = c(v, d);
      if (r !== undefined) return r;
    }
    return undefined;
  };
}
