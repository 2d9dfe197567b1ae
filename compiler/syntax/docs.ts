/**
 * Doc comments: a `/** ... *\/` directly before a declaration, field, enum
 * value, parameter or method documents it. "Directly" means no other token
 * lies between the comment and the node's first token (its first annotation,
 * if any), or the comment sits between the annotations and the node itself;
 * several doc comments in a row: the last one wins.
 */
import type { IToken } from "chevrotain";
import type { DocComment } from "../ast.js";
import type { LineMap } from "./line-map.js";

export class DocIndex {
  /** Start offset of the token that follows a doc comment -> that comment. */
  private readonly byNextToken = new Map<number, IToken>();

  constructor(
    private readonly lines: LineMap,
    tokens: readonly IToken[],
    private readonly docs: readonly IToken[],
  ) {
    let i = 0;
    for (const d of docs) {
      while (i < tokens.length && tokens[i]!.startOffset < d.startOffset) i++;
      const next = tokens[i];
      if (next !== undefined) this.byNextToken.set(next.startOffset, d);
    }
  }

  /** The doc comment directly before the token starting at `offset`, if any. */
  before(offset: number): DocComment | undefined {
    const d = this.byNextToken.get(offset);
    return d === undefined ? undefined : this.toDoc(d);
  }

  /** The last doc comment that starts in [start, end): one written after a node's leading annotations. */
  within(start: number, end: number): DocComment | undefined {
    let lo = 0;
    let hi = this.docs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.docs[mid]!.startOffset < end) lo = mid + 1;
      else hi = mid;
    }
    const d = this.docs[lo - 1];
    return d !== undefined && d.startOffset >= start ? this.toDoc(d) : undefined;
  }

  private toDoc(d: IToken): DocComment {
    return { text: docText(d.image), span: this.lines.span(d.startOffset, d.startOffset + d.image.length) };
  }
}

/** Strip the markers and the leading `*` of each line; keep the author's line breaks. */
export function docText(image: string): string {
  const lines = image
    .slice(3, -2)
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/^\s*\*(?!\/) ?/, "").replace(/\s+$/, ""));
  while (lines.length > 0 && lines[0]!.trim() === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  const first = lines[0];
  if (first !== undefined) lines[0] = first.trimStart();
  return lines.join("\n");
}
