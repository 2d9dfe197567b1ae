import { expect } from "chai";
import { analyzeText, expectDiagnostics } from "../syntax/helpers.js";

describe("checker: fields, enums, constants and values", () => {
  it("RPC2010 field ID out of range (1 to 2^29-1), in structs and parameters", () => {
    const r = analyzeText("struct S { 0: string a; 536870911: string ok; 536870912: string b; -3: string c; }\nservice V { void f(0: string x); }");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2010", line: 1, column: 12, message: "field ID 0 is out of range; IDs go from 1 to 536870911" },
      { code: "RPC2010", line: 1, column: 47, message: "field ID 536870912 is out of range; IDs go from 1 to 536870911" },
      { code: "RPC2010", line: 1, column: 68, message: "field ID -3 is out of range; IDs go from 1 to 536870911" },
      { code: "RPC2010", line: 2, column: 20, message: "field ID 0 is out of range; IDs go from 1 to 536870911" },
    ]);
  });

  it("RPC2011 duplicate field ID", () => {
    const r = analyzeText("struct S {\n  1: string a;\n  0x1: string b;\n}");
    expectDiagnostics(r.diagnostics, [{ code: "RPC2011", line: 3, column: 3, message: "duplicate field ID 0x1: already used by 'a'" }]);
  });

  it("RPC2012 duplicate field name, in structs and parameters", () => {
    const r = analyzeText("error E { 1: string a; 2: int32 a; }\nservice V { void f(1: string x, 2: string x); }");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2012", line: 1, column: 33, message: "duplicate field name 'a'" },
      { code: "RPC2012", line: 2, column: 43, message: "duplicate field name 'x'" },
    ]);
  });

  it("RPC2013 duplicate enum value name", () => {
    const r = analyzeText("enum E { A; B; A = 7; }");
    expectDiagnostics(r.diagnostics, [{ code: "RPC2013", line: 1, column: 16, message: "duplicate enum value name 'A'" }]);
  });

  it("RPC2014 duplicate enum number, explicit or implicit", () => {
    const r = analyzeText("enum E { A = 1; B = 0; C; D = 5; }");
    expectDiagnostics(r.diagnostics, [{ code: "RPC2014", line: 1, column: 24, message: "enum value 1 of 'C' is already used by 'A'" }]);
  });

  it("computes enum values: explicit, else previous + 1, first 0", () => {
    const r = analyzeText("enum E { A; B; C = 10; D; E = -2; F; }");
    expectDiagnostics(r.diagnostics, []);
    const e = r.program.files[0]!.declarations[0]!;
    expect(e.kind === "enum" && e.values.map((v) => v.value)).to.deep.equal([0, 1, 10, 11, -2, -1]);
  });

  it("RPC2030 int32 out of range in an enum value, a constant and a default", () => {
    const r = analyzeText("enum E { A = 2147483647; B; }\nconst int32 C = -2147483649;\nstruct S { 1: int32 x = 0x80000000; 2: int32 ok = -2147483648; }");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2030", line: 1, column: 26, message: "integer 2147483648 is out of range for int32 (-2147483648 to 2147483647)" },
      { code: "RPC2030", line: 2, column: 17, message: "integer -2147483649 is out of range for int32 (-2147483648 to 2147483647)" },
      { code: "RPC2030", line: 3, column: 25, message: "integer 2147483648 is out of range for int32 (-2147483648 to 2147483647)" },
    ]);
  });

  it("RPC2031 int64 out of range", () => {
    const r = analyzeText("const int64 A = 9223372036854775807;\nconst int64 B = 9223372036854775808;");
    expectDiagnostics(r.diagnostics, [{ code: "RPC2031", line: 2, column: 17, message: "integer 9223372036854775808 is out of range for int64" }]);
  });

  it("RPC2020 a default whose type does not fit", () => {
    const r = analyzeText(
      [
        "enum Color { RED; }",
        "enum Status { OK; }",
        "struct Item {}",
        "struct S {",
        '  1: int32 a = "x";',
        "  2: int32 b = 1.5;",
        "  3: Status c = Color.RED;",
        '  4: list<int32> d = [1, "two", 3];',
        "  5: Item e = 1;",
        "  6: string f = true;",
        "  7: float64 g = 2;",
        "  8: bool h = Status.OK;",
        "  9: list<string> i = \"x\";",
        "}",
      ].join("\n"),
    );
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2020", line: 5, column: 16, message: "default value \"x\" does not fit type 'int32'" },
      { code: "RPC2020", line: 6, column: 16, message: "default value 1.5 does not fit type 'int32'" },
      { code: "RPC2020", line: 7, column: 17, message: "default value Color.RED does not fit type 'Status'" },
      { code: "RPC2020", line: 8, column: 26, message: "default value \"two\" does not fit type 'int32'" },
      { code: "RPC2020", line: 9, column: 15, message: "default value 1 does not fit type 'Item'" },
      { code: "RPC2020", line: 10, column: 17, message: "default value true does not fit type 'string'" },
      { code: "RPC2020", line: 12, column: 15, message: "default value Status.OK does not fit type 'bool'" },
      { code: "RPC2020", line: 13, column: 23, message: "default value \"x\" does not fit type 'list<string>'" },
    ]);
  });

  it("accepts defaults through constants, and durations as milliseconds for integers", () => {
    const r = analyzeText(
      "const int32 N = 5;\nconst int32 M = N;\nconst list<string> L = [\"a\"];\nenum E { A; }\nconst E EA = E.A;\n" +
        "struct S { 1: int32 a = M; 2: int64 b = 250ms; 3: list<string> c = L; 4: E e = EA; 5: float64 f = N; }",
    );
    expectDiagnostics(r.diagnostics, []);
  });

  it("RPC2021 a constant whose value does not fit its type", () => {
    const r = analyzeText('const int32 A = "x";\nconst string B = 1;\nconst list<int32> C = [1, 2.5];\nconst int32 D = B;');
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2021", line: 1, column: 17, message: "constant value \"x\" does not fit type 'int32'" },
      { code: "RPC2021", line: 2, column: 18, message: "constant value 1 does not fit type 'string'" },
      { code: "RPC2021", line: 3, column: 27, message: "constant value 2.5 does not fit type 'int32'" },
      { code: "RPC2021", line: 4, column: 17, message: "constant value B does not fit type 'int32'" },
    ]);
  });

  it("RPC2022 a constant that refers to itself", () => {
    const r = analyzeText("const int32 A = B;\nconst int32 B = A;\nconst int32 C = C;");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2022", line: 1, column: 17, message: "constant 'A' refers to itself" },
      { code: "RPC2022", line: 2, column: 17, message: "constant 'B' refers to itself" },
      { code: "RPC2022", line: 3, column: 17, message: "constant 'C' refers to itself" },
    ]);
  });

  it("RPC2050 a map key of a type that is not allowed", () => {
    const r = analyzeText(
      "enum E { A; }\nstruct K {}\nstruct S { 1: map<string, int32> a; 2: map<E, K> b; 3: map<int64, list<map<bool, int32>>> c; 4: map<K, int32> d; }",
    );
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2050", line: 3, column: 76, message: "map key type 'bool' is not allowed; use string, int32, int64 or an enum" },
      { code: "RPC2050", line: 3, column: 101, message: "map key type 'K' is not allowed; use string, int32, int64 or an enum" },
    ]);
  });

  it("RPC2080 a union member marked optional", () => {
    const r = analyzeText("union U { 1: optional string a; 2: int32 b; }");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2080", line: 1, column: 14, message: "union member 'a' cannot be optional: exactly one member of a union is set" },
    ]);
  });

  it("RPC2081 a union member with a default", () => {
    const r = analyzeText("union U { 1: string a; 2: int32 b = 2; }");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2081", line: 1, column: 37, message: "union member 'b' cannot have a default: exactly one member of a union is set" },
    ]);
  });

  it("RPC2082 a union without members", () => {
    const r = analyzeText("union U {}");
    expectDiagnostics(r.diagnostics, [{ code: "RPC2082", line: 1, column: 7, message: "union 'U' has no members; it could never be sent" }]);
  });

  it("RPC2090 error fields that clash with Error's own members, with a suggested rename", () => {
    const r = analyzeText("error E {\n  1: string message;\n  2: string name;\n  3: string stack;\n  4: string cause;\n  5: string code;\n}");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2090", line: 2, column: 13, message: "field 'message' of error 'E' clashes with the 'message' property every Error has" },
      { code: "RPC2090", line: 3, column: 13, message: "field 'name' of error 'E' clashes with the 'name' property every Error has" },
      { code: "RPC2090", line: 4, column: 13, message: "field 'stack' of error 'E' clashes with the 'stack' property every Error has" },
      { code: "RPC2090", line: 5, column: 13, message: "field 'cause' of error 'E' clashes with the 'cause' property every Error has" },
    ]);
    expect(r.diagnostics[0]!.hint).to.equal("rename to 'messageText' (the field ID keeps the wire compatible)");
    // The same names are fine in a struct.
    expectDiagnostics(analyzeText("struct S { 1: string message; 2: string name; }").diagnostics, []);
  });
});
