/**
 * The nesting limit (issue 10, item 1). The parser and every later stage
 * recurse into `list<...>`, `map<...>` and `[...]`, so 700 levels of them
 * overflowed the stack. Before parsing, a linear pass over the tokens finds
 * where nesting goes deeper than {@link MAX_NESTING}, reports it there, and
 * replaces the too-deep part with a placeholder the AST builder drops (so no
 * follow-on errors): `list<` ... `>` becomes one placeholder name.
 */
import type { IToken } from "chevrotain";
import * as T from "./tokens.js";

/** Levels of `<...>` and `[...]` allowed inside one another (docs/idl.md). */
export const MAX_NESTING = 32;

/** Tokens that never occur inside a type or a list value: nesting cannot span them. */
const resetTokens = new Set([T.Semi, T.LCurly, T.RCurly, T.LParen, T.RParen, T.Equals, T.At, T.Colon]);

export interface NestingResult {
  tokens: IToken[];
  /** The opening tokens where nesting crossed the limit. */
  tooDeep: IToken[];
}

/** A name token the parser accepts and cst.ts treats as absent (like a token inserted by recovery). */
function placeholder(at: IToken): IToken {
  return {
    image: at.image,
    startOffset: at.startOffset,
    endOffset: at.endOffset,
    tokenType: T.Identifier,
    tokenTypeIdx: T.Identifier.tokenTypeIdx!,
    isInsertedInRecovery: true,
  };
}

export function limitNesting(tokens: IToken[]): NestingResult {
  const tooDeep: IToken[] = [];
  // Fast path: nothing to do for ordinary files.
  let depth = 0;
  let deepest = 0;
  for (const t of tokens) {
    if (t.tokenType === T.LAngle || t.tokenType === T.LBracket) deepest = Math.max(deepest, ++depth);
    else if (t.tokenType === T.RAngle || t.tokenType === T.RBracket) depth = Math.max(0, depth - 1);
    else if (resetTokens.has(t.tokenType)) depth = 0;
  }
  if (deepest <= MAX_NESTING) return { tokens, tooDeep };

  const out: IToken[] = [];
  depth = 0;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (resetTokens.has(t.tokenType)) depth = 0;
    else if (t.tokenType === T.RAngle || t.tokenType === T.RBracket) depth = Math.max(0, depth - 1);
    else if (t.tokenType === T.LAngle || t.tokenType === T.LBracket) {
      if (depth < MAX_NESTING) depth++;
      else {
        tooDeep.push(t);
        // `list<` / `map<`: the keyword goes with the bracket, so the placeholder stands for a whole type.
        const prev = out[out.length - 1];
        const start = prev !== undefined && (prev.tokenType === T.List || prev.tokenType === T.MapKw) && t.tokenType === T.LAngle ? out.pop()! : t;
        out.push(placeholder(start));
        i = skipNested(tokens, i);
        continue;
      }
    }
    out.push(t);
    i++;
  }
  return { tokens: out, tooDeep };
}

/** Index after the bracket that closes the one at `open`, or of the token that ends the nesting early. */
function skipNested(tokens: IToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    if (type === T.LAngle || type === T.LBracket) depth++;
    else if (type === T.RAngle || type === T.RBracket) {
      if (--depth === 0) return i + 1;
    } else if (resetTokens.has(type)) return i;
  }
  return tokens.length;
}
