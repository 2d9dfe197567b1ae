/**
 * Issue 10, item 2: a valid 5 MB file took 7-16 s to check, most of it in
 * the garbage collector copying the whole file's concrete syntax tree, which
 * lived until the AST was built from it. Items now go to the AST builder as
 * they are parsed and are emptied after; this counts the tree kept alive.
 */
import { expect } from "chai";
import type { CstNode } from "chevrotain";
import { largeValid } from "../../../bench/compiler/pathological.js";
import { parseText } from "../../../compiler/frontend.js";
import { lex } from "../../../compiler/syntax/lexer.js";
import { LineMap } from "../../../compiler/syntax/line-map.js";
import { parseTokens } from "../../../compiler/syntax/run-parser.js";

/** CST nodes reachable from `node`, itself included. */
function countNodes(node: CstNode): number {
  let n = 1;
  for (const list of Object.values(node.children)) {
    for (const e of list) if ("children" in e) n += countNodes(e);
  }
  return n;
}

describe("parser memory (issue 10, item 2)", () => {
  it("hands each top-level item over as it is parsed and keeps none of the tree", () => {
    const text = largeValid(20_000);
    const { tokens } = lex(new LineMap("/mem/big.idl", text));
    const seen: CstNode[] = [];
    let mostAlive = 0;
    const { errors } = parseTokens(tokens, (item) => {
      seen.push(item);
      // Every earlier item must already be emptied: at most this one holds a subtree.
      mostAlive = Math.max(mostAlive, seen.reduce((n, s) => n + (countNodes(s) > 1 ? 1 : 0), 0));
    });
    expect(errors).to.deep.equal([]);
    // package + one struct and one enum per block + the service.
    const { file } = parseText(text, "/mem/big.idl");
    expect(seen).to.have.length(1 + file.declarations.length);
    expect(mostAlive).to.equal(1);
    expect(seen.reduce((n, s) => n + countNodes(s), 0)).to.equal(seen.length);
  });
});
