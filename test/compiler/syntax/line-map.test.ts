/**
 * LineMap remembers the last line and shares recent positions (issue 10,
 * item 2: spans were half of a large file's AST). Lookups in any order must
 * give what a plain scan of the text gives.
 */
import { expect } from "chai";
import type { Position } from "../../../compiler/ast.js";
import { LineMap } from "../../../compiler/syntax/line-map.js";

/** Line and column by walking the text from the start: the reference. */
function scan(text: string, offset: number): Position {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      column = 1;
    } else if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff)) column++;
  }
  return { offset, line, column };
}

describe("line map", () => {
  const text = "package p;\r\nstruct A {\n  1: string s; // é\r  2: int32 n;\n}\n\n😀 x\n" + "const int32 C = 1;\n".repeat(40);

  it("agrees with a plain scan for offsets in order, reversed and shuffled", () => {
    const offsets = [...Array(text.length + 1).keys()].filter((o) => !(text.charCodeAt(o) >= 0xdc00 && text.charCodeAt(o) <= 0xdfff));
    let state = 7;
    const shuffled = [...offsets].sort(() => ((state = (state * 1103515245 + 12345) & 0x7fffffff) % 3) - 1);
    for (const order of [offsets, [...offsets].reverse(), shuffled]) {
      const lines = new LineMap("/t.idl", text);
      for (const o of order) expect(lines.position(o), `offset ${o}`).to.deep.equal(scan(text, o));
    }
  });

  it("shares the position objects of spans that start or end at the same offset", () => {
    const lines = new LineMap("/t.idl", text);
    const outer = lines.span(12, 40);
    const first = lines.span(12, 18);
    const last = lines.span(30, 40);
    expect(first.start).to.equal(outer.start);
    expect(last.end).to.equal(outer.end);
  });
});
