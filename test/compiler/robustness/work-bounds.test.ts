/**
 * Issue 10, item 2: inputs that made the compiler crawl. Tests never time
 * anything; they count the work instead (reads of a constant's value,
 * edit-distance cells), which is what grew superlinearly.
 */
import { expect } from "chai";
import type { ConstDecl, Program } from "../../../compiler/ast.js";
import { Emitter } from "../../../compiler/emit/emitter.js";
import { parseText } from "../../../compiler/frontend.js";
import { checkProgram } from "../../../compiler/semantic/check.js";
import { DEFAULT_BUDGET_CELLS, editDistance, MAX_CANDIDATES, newBudget, Suggester } from "../../../compiler/semantic/suggest.js";
import { chainToNext, chainToPrevious } from "../../../bench/compiler/pathological.js";

/** Parse one text as a program; every `value` read of a constant is counted. */
function countedProgram(text: string): { program: Program; reads: () => number; consts: number } {
  const { file, diagnostics } = parseText(text, "/mem/chain.idl");
  expect(diagnostics).to.deep.equal([]);
  let reads = 0;
  let consts = 0;
  for (const d of file.declarations) {
    if (d.kind !== "const") continue;
    consts++;
    const value = d.value;
    Object.defineProperty(d satisfies ConstDecl, "value", { get: () => (reads++, value) });
  }
  return { program: { files: [file], roots: [file] }, reads: () => reads, consts };
}

describe("compiler work bounds (issue 10, item 2)", () => {
  it("checks a chain of constants each defined by the previous one in linear work", () => {
    const { program, reads, consts } = countedProgram(chainToPrevious(3000));
    expect(checkProgram(program, { knownAnnotations: [] })).to.deep.equal([]);
    // Following every chain from every constant read ~n^2/2 = 4.5 million values.
    expect(reads()).to.be.below(10 * consts);
  });

  it("emits a chain of constants each defined by the next one in linear work", () => {
    const { program, reads, consts } = countedProgram(chainToNext(1000));
    expect(checkProgram(program, { knownAnnotations: [] })).to.deep.equal([]);
    const before = reads();
    const files = new Emitter({ runtimeSpecifier: "rpcgen/runtime" }).emitProgram(program);
    expect(files[0]!.text).to.include("C0");
    // Evaluating each constant from scratch read ~n^2/2 values (and copied a set per step).
    expect(reads() - before).to.be.below(10 * consts);
  });

  it("computes the edit distance of long names in a band: O(length * max) cells", () => {
    const a = "A".repeat(16000);
    const work = newBudget();
    expect(editDistance(a + "B", a + "C", 3, work)).to.equal(1);
    expect(editDistance(a + "BC", a + "CB", 3)).to.equal(1);
    expect(editDistance("kitten", "sitting", 3)).to.equal(3);
    expect(editDistance("abc", "xyz", 2)).to.equal(3);
    expect(DEFAULT_BUDGET_CELLS - work.cells).to.be.at.most(16001 * 7);
  });

  it("compares a bounded number of names per lookup and stops at the file's budget", () => {
    const names = Array.from({ length: 20000 }, (_, i) => `N${i}`);
    const budget = newBudget(2_000_000);
    const s = new Suggester(names, budget);
    expect(s.closest("N1x")).to.equal("N1");
    const perLookup = MAX_CANDIDATES * 5 * 5;
    expect(2_000_000 - budget.cells).to.be.at.most(perLookup);
    for (let i = 0; i < 4000; i++) s.closest(`M${i}`);
    expect(budget.cells).to.be.at.least(-perLookup);
    // Spent: only case-insensitive matches are still offered.
    expect(s.closest("n17")).to.equal("N17");
    expect(s.closest("N1x")).to.equal(undefined);
  });
});
