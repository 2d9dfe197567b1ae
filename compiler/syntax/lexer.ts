/**
 * The lexer: text -> tokens, doc comments and lexical diagnostics.
 * One chevrotain Lexer is built at module load and reused for every file.
 */
import type { IToken, TokenType } from "chevrotain";
import type { Diagnostic } from "../diagnostics.js";
import { diag } from "../messages.js";
import { chevrotain } from "./chevrotain.js";
import type { LineMap } from "./line-map.js";
import { printableChar } from "./printable.js";
import { allTokens, StringLiteral, UnterminatedComment, UnterminatedString } from "./tokens.js";

const lexer = new chevrotain.Lexer(allTokens, { positionTracking: "onlyOffset", ensureOptimizations: true });

interface LexerInternals {
  createTokenInstance(image: string, startOffset: number, tokenTypeIdx: number, tokenType: TokenType): IToken;
}

/**
 * Tokens are made with their end offset, which "onlyOffset" tracking leaves
 * out and the parser's node locations need. Set afterwards, it went to a
 * separate property store: one more allocation for each of a 5 MB file's
 * 1.5 million tokens (issue 10). createTokenInstance is a chevrotain
 * internal (pinned version); lex() still fills in a missing end offset.
 */
(lexer as unknown as LexerInternals).createTokenInstance = (image, startOffset, tokenTypeIdx, tokenType) => ({
  image,
  startOffset,
  endOffset: startOffset + image.length - 1,
  tokenTypeIdx,
  tokenType,
});

export interface LexResult {
  /** Tokens for the parser; unterminated strings are passed on as strings. */
  tokens: IToken[];
  /** `/** ... *\/` comments, in source order. */
  docs: IToken[];
  /** String tokens that lack their closing quote (already reported). */
  unterminated: Set<IToken>;
  diagnostics: Diagnostic[];
  /** More than `maxErrors` unexpected characters: the rest were not reported. */
  truncated: boolean;
}

export function lex(lines: LineMap, maxErrors = Infinity): LexResult {
  const text = lines.text;
  const result = lexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  const unterminated = new Set<IToken>();
  for (const e of result.errors.slice(0, maxErrors)) {
    // One code point, so that an emoji is one character, not half of a surrogate pair.
    const cp = text.codePointAt(e.offset) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    diagnostics.push(diag("RPC1001", lines.span(e.offset, e.offset + width), printableChar(cp)));
  }
  for (const t of result.tokens) {
    t.endOffset ??= t.startOffset + t.image.length - 1;
    if (t.tokenType === UnterminatedString) {
      diagnostics.push(diag("RPC1002", lines.span(t.startOffset, t.startOffset + t.image.length)));
      // Let the parser see a string so that one mistake gives one message.
      t.tokenType = StringLiteral;
      t.tokenTypeIdx = StringLiteral.tokenTypeIdx!;
      unterminated.add(t);
    }
  }
  for (const t of result.groups["bad"] ?? []) {
    if (t.tokenType === UnterminatedComment) diagnostics.push(diag("RPC1003", lines.span(t.startOffset, t.startOffset + 2)));
  }
  const truncated = result.errors.length > maxErrors;
  return { tokens: result.tokens, docs: result.groups["docs"] ?? [], unterminated, diagnostics, truncated };
}
