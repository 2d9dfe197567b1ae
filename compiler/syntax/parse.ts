/** One file's text -> AST and syntax diagnostics: lexer, nesting limit, parser, CST visitor. */
import type { IToken } from "chevrotain";
import type { SourceFile } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { diag, type MessageCode } from "../messages.js";
import { DocIndex } from "./docs.js";
import { lex } from "./lexer.js";
import { LineMap } from "./line-map.js";
import { limitNesting, MAX_NESTING } from "./nesting.js";
import { parseTokens, type ParseError, type ParseErrorKind } from "./run-parser.js";
import { AstBuilder } from "./to-ast.js";

const codes: Record<ParseErrorKind, MessageCode> = { mismatch: "RPC1005", noViableAlt: "RPC1006", notAllInput: "RPC1007" };

/**
 * Syntax errors reported per file at most; then RPC1014 says the rest was
 * left out. Recovery past this many errors costs time and helps nobody.
 */
export const MAX_SYNTAX_ERRORS = 100;

/** Parse one file. Never throws; a file with errors still yields what could be recovered. */
export function parseSource(text: string, path: string, relativePath: string): { file: SourceFile; diagnostics: Diagnostic[] } {
  const lines = new LineMap(path, text);
  const lexed = lex(lines, MAX_SYNTAX_ERRORS);
  const nested = limitNesting(lexed.tokens);
  const diagnostics = [...lexed.diagnostics];
  for (const t of nested.tooDeep) diagnostics.push(diag("RPC1013", lines.span(t.startOffset, t.startOffset + 1), MAX_NESTING));
  // The AST is built while parsing, one top-level item at a time, so no whole-file CST is ever held.
  const builder = new AstBuilder(lines, new DocIndex(lines, lexed.tokens, lexed.docs), lexed.unterminated, relativePath);
  const parsed = parseTokens(nested.tokens, (item) => builder.item(item), Math.max(1, MAX_SYNTAX_ERRORS - diagnostics.length));
  const seen = new Set<number>();
  for (const e of parsed.errors) {
    const span = errorSpan(e, nested.tokens, text.length);
    // Recovery can report the same spot twice; the first message is the useful one.
    if (seen.has(span[0])) continue;
    seen.add(span[0]);
    diagnostics.push(diag(codes[e.kind], lines.span(span[0], span[1]), ...e.args));
  }
  const file = builder.file;
  diagnostics.push(...builder.diagnostics);
  const stopped = parsed.stoppedAt === undefined ? undefined : Number.isNaN(parsed.stoppedAt.startOffset) ? text.length : parsed.stoppedAt.startOffset;
  return { file, diagnostics: capped(diagnostics, lexed.truncated ? text.length : stopped, lines) };
}

/** At most MAX_SYNTAX_ERRORS diagnostics, then RPC1014 where reporting stopped. */
function capped(list: Diagnostic[], stoppedAt: number | undefined, lines: LineMap): Diagnostic[] {
  if (list.length <= MAX_SYNTAX_ERRORS && stoppedAt === undefined) return list;
  const kept = list.sort((a, b) => a.span.start.offset - b.span.start.offset).slice(0, MAX_SYNTAX_ERRORS);
  const firstLeftOut = list.length > MAX_SYNTAX_ERRORS ? list[MAX_SYNTAX_ERRORS]!.span.start.offset : Infinity;
  const at = Math.min(firstLeftOut, stoppedAt ?? Infinity);
  kept.push(diag("RPC1014", lines.span(at, at)));
  return kept;
}

/**
 * Where a parse error points: the token found, or just past the last
 * character for end of file. A missing `;` points right after the token it
 * should follow (as tsc does), not at whatever comes next, often a line later.
 */
function errorSpan(e: ParseError, tokens: readonly IToken[], length: number): [number, number] {
  const found = e.token;
  const start = Number.isNaN(found.startOffset) ? length : found.startOffset;
  if (e.kind === "mismatch" && e.args[0] === "';'") {
    const prev = tokenBefore(tokens, start);
    if (prev !== undefined) {
      const end = prev.startOffset + prev.image.length;
      return [end, end];
    }
  }
  return [start, Number.isNaN(found.startOffset) ? start : start + found.image.length];
}

/** The last real token that starts before `offset` (binary search; tokens are in source order). */
function tokenBefore(tokens: readonly IToken[], offset: number): IToken | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  let best: IToken | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid]!;
    if (t.startOffset < offset) {
      best = t;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}
