/**
 * Diagnostics: what every compiler stage reports instead of throwing.
 * Formatting (text with a caret, or JSON lines) lives here too so that the CLI
 * and the tests print them the same way.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { createColors } from "picocolors";
import type { Span } from "./ast.js";

export type Category = "error" | "warning";

/**
 * One problem found in the sources. `--diagnostics json` prints exactly this
 * object, one per line, so the API and the JSON share their field names.
 * In a {@link Span}, `offset` counts UTF-16 code units (a JavaScript string
 * index), `line` and `column` are 1-based and `column` counts Unicode code
 * points (LSP's "utf-32" position encoding); `end` is exclusive.
 */
export interface Diagnostic {
  /** Stable code: `RPC1xxx` syntax, `RPC2xxx` semantic, `RPC3xxx` emit. */
  code: string;
  category: Category;
  message: string;
  span: Span;
  /** Extra lines, e.g. "did you mean 'Order'?" or a suggested rename. */
  hint?: string;
  /** Other places the message is about, e.g. the first use of a duplicate field ID. */
  related?: RelatedLocation[];
}

/** A place a diagnostic refers to besides its own span. */
export interface RelatedLocation {
  message: string;
  span: Span;
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

// ---------------------------------------------------------------- formatting

/** Source text shown of one line at most, in code points; longer lines are clipped around the span. */
export const MAX_FRAME_WIDTH = 120;
/** Diagnostics `formatDiagnostics` prints per file at most; a count of the rest follows. */
export const MAX_PRINTED_PER_FILE = 50;

export interface FormatOptions {
  /** ANSI colors (red error, yellow warning, cyan caret). */
  color: boolean;
  /**
   * The text of a file, for the source line and caret. Default: read it from
   * disk; when it cannot be read the source lines are left out.
   */
  source?: (file: string) => string | undefined;
  /** Print file names relative to this directory (default: as they are in the span). */
  cwd?: string;
}

/**
 * `file:line:col: error RPC2001: message`, then the source line behind a
 * line-number gutter with a caret line under the span, then `  hint: ...`
 * and `  note: file:line:col: ...` (related locations) when there are some.
 */
export function formatDiagnostic(d: Diagnostic, options: FormatOptions): string {
  const c = createColors(options.color);
  const where = (span: Span): string => `${displayName(span.file, options)}:${span.start.line}:${span.start.column}`;
  const cat = d.category === "error" ? c.red(c.bold("error")) : c.yellow(c.bold("warning"));
  const lines = [`${c.bold(where(d.span))}: ${cat} ${c.dim(d.code)}: ${d.message}`];
  const text = (options.source ?? readSource)(d.span.file);
  if (text !== undefined) {
    const { line, caret } = caretLines(text, d.span);
    if (line !== undefined) {
      const number = String(d.span.start.line);
      const gutter = " ".repeat(number.length);
      lines.push(`${c.dim(` ${number} |`)} ${line}`, `${c.dim(` ${gutter} |`)} ${c.cyan(caret)}`);
    }
  }
  if (d.hint !== undefined) lines.push(`  ${c.cyan("hint")}: ${d.hint}`);
  for (const r of d.related ?? []) lines.push(`  ${c.cyan("note")}: ${where(r.span)}: ${r.message}`);
  return lines.join("\n");
}

/**
 * Text of a run's diagnostics, each followed by a blank line, with at most
 * {@link MAX_PRINTED_PER_FILE} per file and a count of the rest: 5,000
 * errors must not print 5,000 frames (JSON output keeps them all).
 */
export function formatDiagnostics(list: readonly Diagnostic[], options: FormatOptions): string {
  const perFile = new Map<string, number>();
  let out = "";
  for (const d of list) {
    const n = (perFile.get(d.span.file) ?? 0) + 1;
    perFile.set(d.span.file, n);
    if (n <= MAX_PRINTED_PER_FILE) out += `${formatDiagnostic(d, options)}\n\n`;
  }
  for (const [file, n] of perFile) {
    if (n > MAX_PRINTED_PER_FILE) {
      out += `${displayName(file, options)}: ${n - MAX_PRINTED_PER_FILE} more diagnostics not shown (--diagnostics json lists all)\n\n`;
    }
  }
  return out;
}

/**
 * The source line of a span's start and a caret line under it (carets to
 * the span's end on that line). A line longer than {@link MAX_FRAME_WIDTH}
 * code points is clipped around the span, with `...` where text was cut.
 */
export function caretLines(text: string, span: Span): { line: string | undefined; caret: string } {
  const startOfLine = lineStart(text, span.start.offset);
  if (startOfLine > text.length) return { line: undefined, caret: "" };
  let endOfLine = startOfLine;
  while (endOfLine < text.length && text[endOfLine] !== "\n" && text[endOfLine] !== "\r") endOfLine++;
  const at = Math.min(Math.max(span.start.offset, startOfLine), endOfLine);
  const to = Math.min(Math.max(span.end.offset, at), endOfLine);
  // Show from a little before the span, at most MAX_FRAME_WIDTH code points.
  const from = stepBack(text, at, Math.floor(MAX_FRAME_WIDTH / 3), startOfLine);
  const until = stepForward(text, from, MAX_FRAME_WIDTH, endOfLine);
  const head = from > startOfLine ? "..." : "";
  const tail = until < endOfLine ? "..." : "";
  // Keep tabs so the caret lines up whatever the terminal's tab width; one space per code point.
  const pad = " ".repeat(head.length) + Array.from(text.slice(from, at), (ch) => (ch === "\t" ? "\t" : " ")).join("");
  const width = Math.max(1, Array.from(text.slice(at, Math.min(to, until))).length);
  return { line: head + text.slice(from, until) + tail, caret: pad + "^".repeat(width) };
}

function isLowHalf(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff;
}

/** The offset `count` code points before `i`, not before `limit`. */
function stepBack(text: string, i: number, count: number, limit: number): number {
  for (let n = 0; n < count && i > limit; n++) i -= isLowHalf(text, i - 1) ? 2 : 1;
  return Math.max(i, limit);
}

/** The offset `count` code points after `i`, not after `limit`. */
function stepForward(text: string, i: number, count: number, limit: number): number {
  for (let n = 0; n < count && i < limit; n++) i += isLowHalf(text, i + 1) ? 2 : 1;
  return Math.min(i, limit);
}

function lineStart(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0 && text[i - 1] !== "\n" && text[i - 1] !== "\r") i--;
  return i;
}

function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function displayName(file: string, options: FormatOptions): string {
  if (options.cwd === undefined) return file;
  const rel = relative(options.cwd, file);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}

/** What `--diagnostics json` prints per diagnostic: the {@link Diagnostic} itself. */
export type DiagnosticJson = Diagnostic;

/** The diagnostic as a JSON value, fields in a fixed order; `hint` and `related` only when present. */
export function diagnosticToJson(d: Diagnostic): DiagnosticJson {
  const out: DiagnosticJson = { code: d.code, category: d.category, message: d.message, span: d.span };
  if (d.hint !== undefined) out.hint = d.hint;
  if (d.related !== undefined && d.related.length > 0) out.related = d.related;
  return out;
}
