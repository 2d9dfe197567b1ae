/**
 * Issue 10, items 1, 2 (parser part) and 4: inputs an editor feeds the
 * compiler while a user types. Each used to crash it, make it crawl, or
 * produce a message with half a character.
 */
import { expect } from "chai";
import { parseText } from "../../../compiler/frontend.js";
import { MAX_NESTING } from "../../../compiler/syntax/nesting.js";
import { MAX_SYNTAX_ERRORS } from "../../../compiler/syntax/parse.js";
import { randomTokens } from "../../../bench/compiler/pathological.js";
import { analyzeText, expectDiagnostics } from "./helpers.js";

const nested = (open: string, inner: string, close: string, n: number): string => open.repeat(n) + inner + close.repeat(n);

describe("syntax limits (issue 10)", () => {
  it("RPC1013 reports list values nested past the limit once, where the limit is crossed", () => {
    const text = `const list<int32> X = ${nested("[", "1", "]", 500)};\nconst int32 Y = 1;`;
    const r = analyzeText(text);
    const at = text.indexOf("[") + MAX_NESTING;
    expectDiagnostics(r.diagnostics, [
      { code: "RPC1013", line: 1, column: at + 1, message: `nesting is deeper than ${MAX_NESTING} levels; flatten the type or value (e.g. with a named struct)` },
    ]);
  });

  it("RPC1013 for list types, map keys and values, and annotation arguments nested 700 deep", () => {
    const cases = [
      `struct S { 1: ${nested("list<", "int32", ">", 700)} a; }`,
      `struct S { 1: ${nested("map<", "string", ", int32>", 700)} a; }`,
      `struct S { 1: map<${nested("map<", "string", ", int32>", 700)}, int32> a; }`,
      `struct S { 1: string a @x(v = ${nested("[", "1", "]", 700)}); }`,
      `struct S { 1: string a @x(${nested("[", "", "", 5000)}`,
    ];
    for (const text of cases) {
      const r = analyzeText(text);
      expect(r.diagnostics.map((d) => d.code), text.slice(0, 40)).to.include("RPC1013");
      expect(r.diagnostics.filter((d) => d.code === "RPC1013")).to.have.length(1);
    }
  });

  it("accepts nesting up to the limit", () => {
    const r = analyzeText(`struct S { 1: ${nested("list<", "int32", ">", MAX_NESTING)} a = ${nested("[", "", "]", MAX_NESTING)}; }`);
    expectDiagnostics(r.diagnostics, []);
  });

  it("RPC1014 stops after a bounded number of syntax errors and says the rest was left out", () => {
    const text = randomTokens(200_000);
    const r = parseText(text);
    expect(r.diagnostics.length).to.be.at.most(MAX_SYNTAX_ERRORS + 1);
    const last = r.diagnostics.filter((d) => d.code === "RPC1014");
    expect(last).to.have.length(1);
    expect(last[0]).to.include({ code: "RPC1014", category: "error" });
    expect(last[0]!.message).to.equal("too many syntax errors; the rest of the file was not checked. Fix the errors above first");
    // Unexpected characters count too.
    expect(parseText("$ ".repeat(5000)).diagnostics.map((d) => d.code)).to.include("RPC1014");
  });

  it("RPC1005 puts a missing ';' right after the token it should follow", () => {
    const r = analyzeText("struct A {\n  1: string a\n  2: string b;\n}\nconst int32 X = 1\n\nconst int32 Y = 2;");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC1005", line: 2, column: 14, message: "expected ';' but found '2'" },
      { code: "RPC1005", line: 5, column: 18, message: "expected ';' but found 'const'" },
    ]);
  });

  it("RPC1001 treats an emoji as one character; columns count code points", () => {
    const r = analyzeText('const string E = "😀😀";\nstruct A {} 😀 $');
    expectDiagnostics(r.diagnostics, [
      { code: "RPC1001", line: 2, column: 13, message: "unexpected character '😀'" },
      { code: "RPC1001", line: 2, column: 15, message: "unexpected character '$'" },
    ]);
    const emoji = r.diagnostics[0]!.span;
    expect(emoji.end.offset - emoji.start.offset).to.equal(2);
    expect(emoji.end.column - emoji.start.column).to.equal(1);
  });

  it("keeps a NUL inside a string in the message instead of cutting it there", () => {
    const r = analyzeText('struct A { 1: "x\u0000y" a; }');
    expect(r.diagnostics.map((d) => d.message)).to.deep.equal(["expected a type but found '\"x\\u{0}y\"'"]);
  });

  it("clips a long token in a message", () => {
    const r = analyzeText(`struct A { 1: "${"y".repeat(10000)}" a; }`);
    expect(r.diagnostics[0]!.message.length).to.be.below(120);
  });

  it("RPC1015 rejects escapes of lone surrogates in constants and import paths", () => {
    const r = analyzeText('import "\\u{D800}.idl";\nconst string S = "a\\u{DFFF}";\nconst string OK = "\\u{1F600}";');
    const own = r.diagnostics.filter((d) => d.code !== "RPC2100");
    expect(own.map((d) => `${d.span.start.line}:${d.span.start.column} ${d.code} ${d.message}`)).to.deep.equal([
      "1:9 RPC1015 '\\u{D800}' is half of a UTF-16 surrogate pair, not a character; write the character or its code point, e.g. \\u{1F600}",
      "2:20 RPC1015 '\\u{DFFF}' is half of a UTF-16 surrogate pair, not a character; write the character or its code point, e.g. \\u{1F600}",
    ]);
    expect(own[0]).to.include({ code: "RPC1015", category: "error" });
    expect(own[0]!.span.end.column).to.equal(17);
  });
});
