import { expect } from "chai";
import fc from "fast-check";
import { parseText } from "../../../compiler/frontend.js";
import { lex } from "../../../compiler/syntax/lexer.js";
import { LineMap } from "../../../compiler/syntax/line-map.js";
import { declNamed, expectDiagnostics, parseOk } from "./helpers.js";

describe("lexer", () => {
  it("reports an unexpected character at its position and goes on", () => {
    const r = parseText("struct A {}\n  $ struct B {}", "/mem/a.idl");
    expectDiagnostics(r.diagnostics, [{ code: "RPC1001", line: 2, column: 3, message: "unexpected character '$'" }]);
    expect(r.file.declarations.map((d) => d.name.text)).to.deep.equal(["A", "B"]);
  });

  it("reports an unterminated string once, and parsing goes on after it", () => {
    const r = parseText('const string S = "abc;\nstruct B {}', "/mem/a.idl");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC1002", line: 1, column: 18, message: "unterminated string literal; close it with '\"' on the same line" },
      { code: "RPC1005", line: 1, column: 23, message: "expected ';' but found 'struct'" },
    ]);
    expect(r.file.declarations.map((d) => d.name.text)).to.deep.equal(["S", "B"]);
  });

  it("reports an unterminated block comment", () => {
    const r = parseText("struct A {}\n/* never closed\nstruct B {}", "/mem/a.idl");
    expectDiagnostics(r.diagnostics, [{ code: "RPC1003", line: 2, column: 1, message: "unterminated block comment; close it with '*/'" }]);
  });

  it("reports an unknown escape at the escape", () => {
    const r = parseText('const string S = "a\\qb";', "/mem/a.idl");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC1004", line: 1, column: 20, message: "unknown escape sequence '\\q'; use \\\", \\\\, \\n, \\t or \\u{...}" },
    ]);
  });

  it("reports a \\u escape beyond U+10FFFF", () => {
    const r = parseText('const string S = "\\u{110000}";', "/mem/a.idl");
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.start.column}`)).to.deep.equal(["RPC1004 19"]);
  });

  it("decodes any string written with escapes back to itself", () => {
    const encode = (v: string): string =>
      Array.from(v, (ch) => {
        if (ch === '"') return '\\"';
        if (ch === "\\") return "\\\\";
        if (ch === "\n") return "\\n";
        if (ch === "\t") return "\\t";
        const cp = ch.codePointAt(0)!;
        return cp < 32 || cp > 126 ? `\\u{${cp.toString(16)}}` : ch;
      }).join("");
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (v) => {
        const r = parseText(`const string S = "${encode(v)}";`, "/mem/a.idl");
        expect(r.diagnostics).to.deep.equal([]);
        const c = r.file.declarations[0]!;
        expect(c.kind === "const" && c.value.kind === "string" && c.value.value).to.equal(v);
      }),
      { numRuns: 300 },
    );
  });

  it("reads integers exactly, in decimal and hex, negative too", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.boolean(), (n, hex) => {
        const text = hex ? `${n < 0n ? "-" : ""}0x${(n < 0n ? -n : n).toString(16)}` : n.toString();
        const r = parseText(`const int64 N = ${text};`, "/mem/a.idl");
        const c = r.file.declarations[0]!;
        expect(c.kind === "const" && c.value.kind === "int" && c.value.value).to.equal(n);
      }),
      { numRuns: 200 },
    );
  });

  it("reports a float that cannot be represented", () => {
    const r = parseText("const float64 F = 1e999;", "/mem/a.idl");
    expectDiagnostics(r.diagnostics, [{ code: "RPC1011", line: 1, column: 19, message: "number '1e999' cannot be represented" }]);
  });

  it("keeps keywords out of identifiers but lets identifiers start with keywords", () => {
    const f = parseOk("struct structure { 1: string stringy; 2: int32 int32x; 3: bool asap; }");
    expect(declNamed(f, "struct", "structure").fields.map((x) => x.name.text)).to.deep.equal(["stringy", "int32x", "asap"]);
    const r = parseText("struct S { 1: string error; }", "/mem/a.idl");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC1012", line: 1, column: 22, message: "'error' is a keyword and cannot be used as a name", hint: "rename it, e.g. 'errorValue'" },
    ]);
    // The field is kept so that checking goes on.
    expect(declNamed(r.file, "struct", "S").fields.map((x) => x.name.text)).to.deep.equal(["error"]);
  });

  it("skips line and block comments, keeping positions right", () => {
    const f = parseOk("// a\n/* b\n c */ struct /* x */ S {}");
    expect(declNamed(f, "struct", "S").name.span.start).to.include({ line: 3, column: 22 });
  });

  it("counts columns after tabs and CRLF line ends", () => {
    const f = parseOk("struct A {}\r\n\tstruct B {}");
    expect(declNamed(f, "struct", "B").name.span.start).to.include({ line: 2, column: 9 });
  });
});

describe("lexer tokens (issue 10, item 2)", () => {
  it("makes every token with its end offset in place, all of one shape", () => {
    // Adding endOffset after the fact put it in a separate property store: one more allocation per token.
    const { tokens } = lex(new LineMap("/t.idl", 'package p;\nconst string S = "x"; // c\nstruct A { 1: list<int32> xs; }\n'));
    const shapes = new Set(tokens.map((t) => Object.keys(t).join(",")));
    expect([...shapes]).to.deep.equal(["image,startOffset,endOffset,tokenTypeIdx,tokenType"]);
    for (const t of tokens) expect(t.endOffset).to.equal(t.startOffset + t.image.length - 1);
  });
});
