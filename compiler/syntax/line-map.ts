/**
 * Offset -> line/column for one source text. Chevrotain's own line tracking is
 * not used for spans because tokens inserted during error recovery and the EOF
 * token carry no position; an offset is always available.
 */
import type { Position, Span } from "../ast.js";

export class LineMap {
  /** Offset of the first character of every line. */
  private readonly starts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  /** 1-based line and column (UTF-16 units, a tab counts as one) of an offset, clamped to the text. */
  position(offset: number): Position {
    const off = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    return { offset: off, line: lo + 1, column: off - this.starts[lo]! + 1 };
  }

  /** Span from `start` (inclusive) to `end` (exclusive) offsets. */
  span(start: number, end: number): Span {
    return { file: this.file, start: this.position(start), end: this.position(Math.max(start, end)) };
  }
}
