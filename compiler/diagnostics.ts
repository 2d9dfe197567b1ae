/**
 * Diagnostics: what every compiler stage reports instead of throwing.
 * Formatting (text with a caret, or JSON lines) lives here too so that the CLI
 * and the tests print them the same way.
 */
import type { Span } from "./ast.js";

export type Category = "error" | "warning";

export interface Diagnostic {
  /** Stable code: `RPC1xxx` syntax, `RPC2xxx` semantic, `RPC3xxx` emit. */
  code: string;
  category: Category;
  message: string;
  span: Span;
  /** Extra lines, e.g. "did you mean 'Order'?" or a suggested rename. */
  hint?: string;
}

/** Sort by file, then position, then code: output order must be deterministic. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
      a.span.start.offset - b.span.start.offset ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.category === "error");
}
