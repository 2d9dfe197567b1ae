/** One file's text -> AST and syntax diagnostics: lexer, parser, CST visitor. */
import type { SourceFile } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { diag, type MessageCode } from "../messages.js";
import { DocIndex } from "./docs.js";
import { lex } from "./lexer.js";
import { LineMap } from "./line-map.js";
import { parseTokens, type ParseErrorKind } from "./run-parser.js";
import { AstBuilder } from "./to-ast.js";

const codes: Record<ParseErrorKind, MessageCode> = { mismatch: "RPC1005", noViableAlt: "RPC1006", notAllInput: "RPC1007" };

/** Parse one file. Never throws; a file with errors still yields what could be recovered. */
export function parseSource(text: string, path: string, relativePath: string): { file: SourceFile; diagnostics: Diagnostic[] } {
  const lines = new LineMap(path, text);
  const lexed = lex(lines);
  const parsed = parseTokens(lexed.tokens);
  const diagnostics = [...lexed.diagnostics];
  const seen = new Set<number>();
  for (const e of parsed.errors) {
    // EOF carries no offset: point just past the last character.
    const start = Number.isNaN(e.token.startOffset) ? text.length : e.token.startOffset;
    // Recovery can report the same spot twice; the first message is the useful one.
    if (seen.has(start)) continue;
    seen.add(start);
    const end = Number.isNaN(e.token.startOffset) ? start : start + e.token.image.length;
    diagnostics.push(diag(codes[e.kind], lines.span(start, end), ...e.args));
  }
  const builder = new AstBuilder(lines, new DocIndex(lines, lexed.tokens, lexed.docs), lexed.unterminated);
  const file = builder.file(parsed.topLevel, relativePath);
  diagnostics.push(...builder.diagnostics);
  return { file, diagnostics };
}
