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

// ---------------------------------------------------------------- formatting

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
 * `file:line:col: error RPC2001: message`, then the source line (tabs kept)
 * and a caret line under the span, then `  hint: ...` when there is one.
 */
export function formatDiagnostic(d: Diagnostic, options: FormatOptions): string {
  const c = createColors(options.color);
  const file = options.cwd === undefined ? d.span.file : relativeTo(options.cwd, d.span.file);
  const where = `${file}:${d.span.start.line}:${d.span.start.column}`;
  const cat = d.category === "error" ? c.red(c.bold("error")) : c.yellow(c.bold("warning"));
  const lines = [`${c.bold(where)}: ${cat} ${c.dim(d.code)}: ${d.message}`];
  const text = (options.source ?? readSource)(d.span.file);
  if (text !== undefined) {
    const { line, caret } = caretLines(text, d.span);
    if (line !== undefined) lines.push(line, c.cyan(caret));
  }
  if (d.hint !== undefined) lines.push(`  ${c.cyan("hint")}: ${d.hint}`);
  return lines.join("\n");
}

/** The source line of a span's start and a caret line under it (carets to the span's end on that line). */
export function caretLines(text: string, span: Span): { line: string | undefined; caret: string } {
  const startOfLine = lineStart(text, span.start.offset);
  if (startOfLine > text.length) return { line: undefined, caret: "" };
  let endOfLine = startOfLine;
  while (endOfLine < text.length && text[endOfLine] !== "\n" && text[endOfLine] !== "\r") endOfLine++;
  const line = text.slice(startOfLine, endOfLine);
  const col = Math.min(span.start.offset - startOfLine, line.length);
  // Keep tabs so the caret lines up whatever the terminal's tab width.
  const pad = line.slice(0, col).replace(/[^\t]/g, " ");
  const end = Math.min(span.end.offset, endOfLine);
  const width = Math.max(1, end - startOfLine - col);
  return { line, caret: pad + "^".repeat(width) };
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

function relativeTo(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}

/** One JSON line per diagnostic: what `--diagnostics json` prints. */
export interface DiagnosticJson {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Category;
  code: string;
  message: string;
  hint?: string;
}

export function diagnosticToJson(d: Diagnostic): DiagnosticJson {
  const out: DiagnosticJson = {
    file: d.span.file,
    line: d.span.start.line,
    column: d.span.start.column,
    endLine: d.span.end.line,
    endColumn: d.span.end.column,
    severity: d.category,
    code: d.code,
    message: d.message,
  };
  if (d.hint !== undefined) out.hint = d.hint;
  return out;
}
