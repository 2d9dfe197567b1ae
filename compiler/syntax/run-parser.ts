/**
 * Running the parser over a file's tokens, with recovery between top-level
 * items, and classifying its errors for the message table.
 */
import type { CstNode, IToken, TokenType } from "chevrotain";
import { IdlParser } from "./parser.js";
import { splitParserMessage } from "./parser-messages.js";
import * as T from "./tokens.js";

/** The shared parser instance: chevrotain parsers are reusable by resetting `input`. */
let shared: IdlParser | undefined;

export type ParseErrorKind = "mismatch" | "noViableAlt" | "notAllInput";

export interface ParseError {
  kind: ParseErrorKind;
  /** Arguments for the message table: [expected, found] or [found]. */
  args: string[];
  /** The token found where something else was expected (EOF has no offset). */
  token: IToken;
}

export interface ParseResult {
  errors: ParseError[];
  /** Where parsing stopped because `maxErrors` was reached (the rest is unparsed). */
  stoppedAt?: IToken;
}

/** Tokens that can start a top-level item: where parsing restarts after junk. */
const restartTokens = new Set<TokenType>([T.Package, T.Import, T.Const, T.Enum, T.Struct, T.Union, T.ErrorKw, T.Service, T.At]);

/**
 * Parse a whole file, handing each `topLevel` CST node to `onTopLevel` in
 * source order as soon as it is parsed (the node is emptied afterwards, so
 * keep what you need from it, not the node). Chevrotain's in-rule recovery does not cover junk
 * between top-level items (the file rule just stops), so on such an error we
 * skip to the next token that can start an item and parse the rest again.
 * After `maxErrors` errors the parser stops (issue 10: recovery on junk is
 * slow and its messages are noise).
 */
export function parseTokens(tokens: IToken[], onTopLevel: (item: CstNode) => void, maxErrors = Infinity): ParseResult {
  const parser = (shared ??= new IdlParser());
  try {
    return parseAll(parser, tokens, onTopLevel, maxErrors);
  } finally {
    // The shared parser must not keep the caller's tree alive until the next parse.
    parser.begin([], 0, () => {});
  }
}

function parseAll(parser: IdlParser, tokens: IToken[], onTopLevel: (item: CstNode) => void, maxErrors: number): ParseResult {
  const errors: ParseError[] = [];
  let rest = tokens;
  for (;;) {
    parser.begin(rest, maxErrors - errors.length, onTopLevel);
    parser.file();
    let junk: IToken | undefined;
    for (const e of parser.errors) {
      let kind: ParseErrorKind =
        e.name === "MismatchedTokenException" ? "mismatch" : e.name === "NotAllInputParsedException" ? "notAllInput" : "noViableAlt";
      let args = splitParserMessage(e.message);
      if (kind === "notAllInput") junk = e.token;
      else if (kind === "mismatch" && args[0] === "end of file") {
        // Top-level repetition recovery skipped junk: say so rather than "expected end of file".
        kind = "notAllInput";
        args = args.slice(1);
      }
      errors.push({ kind, args, token: e.token });
    }
    if (parser.stoppedAt !== undefined) return { errors, stoppedAt: parser.stoppedAt };
    if (junk === undefined) break;
    const at = rest.indexOf(junk);
    let next = at + 1;
    while (next < rest.length && !restartTokens.has(rest[next]!.tokenType)) next++;
    if (at < 0 || next >= rest.length) break;
    rest = rest.slice(next);
  }
  return { errors };
}
