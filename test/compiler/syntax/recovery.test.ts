import { expect } from "chai";
import { parseText } from "../../../compiler/frontend.js";
import { expectDiagnostics } from "./helpers.js";

describe("parser error recovery", () => {
  it("reports all three syntax errors of a file, with what was expected and found", () => {
    const r = parseText(
      ["struct A {", "  1: string a", "  2: int32 b;", "}", "enum E { X = ; }", "service S {", "  void f(1: string a, 2 string b);", "}"].join("\n"),
      "/mem/a.idl",
    );
    expectDiagnostics(r.diagnostics, [
      { code: "RPC1005", line: 2, column: 14, message: "expected ';' but found '2'" },
      { code: "RPC1005", line: 5, column: 14, message: "expected integer but found ';'" },
      { code: "RPC1005", line: 7, column: 25, message: "expected ':' but found 'string'" },
    ]);
    // The declarations around the errors survive.
    expect(r.file.declarations.map((d) => d.name.text)).to.deep.equal(["A", "E", "S"]);
  });

  it("says what it expected when no alternative fits", () => {
    const r = parseText('struct S { 1: "x" a; }', "/mem/a.idl");
    expectDiagnostics(r.diagnostics, [{ code: "RPC1006", line: 1, column: 15, message: "expected a type but found '\"x\"'" }]);
  });

  it("skips junk between declarations and goes on", () => {
    const r = parseText("struct A {}\ngarbage here;\nstruct B { 1: string }\nstruct C {}", "/mem/a.idl");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC1007", line: 2, column: 1, message: "unexpected 'garbage'; expected a declaration" },
      { code: "RPC1006", line: 3, column: 22, message: "expected a name but found '}'" },
    ]);
    expect(r.file.declarations.map((d) => d.name.text)).to.include.members(["A", "C"]);
  });

  it("names the missing piece of an import, an annotation and a throws list", () => {
    const r = parseText("import x.idl;\n@ struct X {}\nservice T { void f() throws (); }", "/mem/a.idl");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC1005", line: 1, column: 8, message: "expected a quoted path such as \"common.idl\" but found 'x'" },
      { code: "RPC1005", line: 2, column: 3, message: "expected an annotation name but found 'struct'" },
      { code: "RPC1006", line: 3, column: 30, message: "expected an error type but found ')'" },
    ]);
  });

  it("reports a missing closing brace at the end of file", () => {
    const r = parseText("struct A { 1: string x; ", "/mem/a.idl");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC1005", line: 1, column: 25, message: "expected a field such as '1: string name;' or '}' but found end of file" },
    ]);
  });

  it("names what a body expects rather than only its closing brace", () => {
    const r = parseText("struct A { string b; }\nenum E { 1; }\nservice T { 1: x }\nservice S { int32 h(1: string x,); }", "/mem/a.idl");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC1005", line: 1, column: 12, message: "expected a field such as '1: string name;' or '}' but found 'string'" },
      { code: "RPC1005", line: 2, column: 10, message: "expected an enum value or '}' but found '1'" },
      { code: "RPC1005", line: 3, column: 13, message: "expected a method or '}' but found '1'" },
      { code: "RPC1006", line: 3, column: 18, message: "expected a name but found '}'" },
      { code: "RPC1005", line: 4, column: 33, message: "expected a field ID such as '1:' but found ')'" },
    ]);
  });

  it("requires package first and imports before declarations", () => {
    const r = parseText('import "a.idl";\npackage p;\nstruct S {}\nimport "b.idl";\npackage q;', "/mem/a.idl");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC1008", line: 2, column: 1, message: "'package' must come before imports and declarations" },
      { code: "RPC1010", line: 4, column: 1, message: "imports must come before declarations" },
      { code: "RPC1009", line: 5, column: 1, message: "a file can have only one 'package' declaration" },
    ]);
  });

  it("never throws on arbitrary input", () => {
    for (const text of ["", "}", "@", "struct", "service S { oneway", '"', "/*", "enum E { A = 0x; }", "const list<", "@a(b = ) struct"]) {
      expect(() => parseText(text, "/mem/a.idl")).to.not.throw();
    }
  });
});
