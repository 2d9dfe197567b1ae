/**
 * Offset -> line/column for one source text. Chevrotain's own line tracking is
 * not used for spans because tokens inserted during error recovery and the EOF
 * token carry no position; an offset is always available.
 *
 * Offsets count UTF-16 code units (JavaScript string indexes); columns count
 * Unicode code points, so an emoji is one column (LSP's "utf-32" position
 * encoding). No span starts or ends inside a surrogate pair.
 */
import type { Position, Span } from "../ast.js";

export class LineMap {
  /** Offset of the first character of every line. */
  private readonly starts: number[] = [0];
  /** Offsets of the low halves of surrogate pairs, ascending (usually none). */
  private readonly lowHalves: number[] = [];
  /** The line of the last lookup: spans come mostly in source order, so the next one is usually on it. */
  private lastLine = 0;
  /**
   * The last few positions made, by offset (direct-mapped): a node's span
   * starts where its first token's does and ends where its last token's
   * does, so sharing them saves a third of the position objects the AST of
   * a large file holds. Positions are never mutated.
   */
  private readonly recent: (Position | undefined)[] = new Array<Position | undefined>(RECENT_SIZE);

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
      else if (c >= 0xd800 && c <= 0xdbff) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) this.lowHalves.push(++i);
      }
    }
  }

  /**
   * 1-based line and column (code points, a tab counts as one) of an offset,
   * clamped to the text; an offset inside a surrogate pair moves to the
   * pair's start (or, with `after`, past its end).
   */
  position(offset: number, after = false): Position {
    let off = Math.max(0, Math.min(offset, this.text.length));
    const pairs = this.lowHalves.length === 0 ? 0 : countBelow(this.lowHalves, off + 1);
    if (pairs > 0 && this.lowHalves[pairs - 1] === off) off += after ? 1 : -1;
    const slot = off & (RECENT_SIZE - 1);
    const cached = this.recent[slot];
    if (cached !== undefined && cached.offset === off) return cached;
    const line = this.lineOf(off);
    const lineStart = this.starts[line]!;
    const pairsInLine = this.lowHalves.length === 0 ? 0 : countBelow(this.lowHalves, off) - countBelow(this.lowHalves, lineStart);
    const made = { offset: off, line: line + 1, column: off - lineStart - pairsInLine + 1 };
    this.recent[slot] = made;
    return made;
  }

  /** 0-based line of an offset: the last line looked up or the next one, else a binary search. */
  private lineOf(off: number): number {
    const starts = this.starts;
    const holds = (l: number): boolean => l < starts.length && starts[l]! <= off && (l + 1 === starts.length || starts[l + 1]! > off);
    let line = this.lastLine;
    if (!holds(line)) line = holds(line + 1) ? line + 1 : countBelow(starts, off + 1) - 1;
    this.lastLine = line;
    return line;
  }

  /** Span from `start` (inclusive) to `end` (exclusive) offsets. */
  span(start: number, end: number): Span {
    return { file: this.file, start: this.position(start), end: this.position(Math.max(start, end), true) };
  }
}

/** Positions remembered for sharing (a power of two). */
const RECENT_SIZE = 256;

/** How many values of the ascending list are below `limit`. */
function countBelow(sorted: readonly number[], limit: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
