import { expect } from "chai";
import { analyzeFiles, analyzeText, expectDiagnostics } from "../syntax/helpers.js";

describe("checker: names and references", () => {
  it("RPC2001 unknown type, with a did-you-mean hint", () => {
    const r = analyzeText("struct Order { 1: string id; }\nstruct Cart { 1: Ordr order; 2: common.Money m; }");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2001", line: 2, column: 18, message: "unknown type 'Ordr'", hint: "did you mean 'Order'?" },
      { code: "RPC2001", line: 2, column: 33, message: "unknown type 'common.Money'" },
    ]);
    // No near name, no hint.
    expectDiagnostics(analyzeText("struct A { 1: Zebra z; }").diagnostics, [{ code: "RPC2001", line: 1, column: 15, message: "unknown type 'Zebra'" }]);
    expect(analyzeText("struct A { 1: Zebra z; }").diagnostics[0]!.hint).to.equal(undefined);
  });

  it("RPC2002 unknown constant, with a did-you-mean hint", () => {
    const r = analyzeText("const int32 MAX_PAGE = 100;\nstruct Q { 1: int32 limit = MAX_PAEG; }");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2002", line: 2, column: 29, message: "unknown constant 'MAX_PAEG'", hint: "did you mean 'MAX_PAGE'?" },
    ]);
  });

  it("RPC2003 unknown enum value, with a did-you-mean hint at the value name", () => {
    const r = analyzeText("enum Status { PENDING; PAID; }\nstruct O { 1: Status s = Status.PAYED; }");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2003", line: 2, column: 33, message: "enum 'Status' has no value 'PAYED'", hint: "did you mean 'PAID'?" },
    ]);
  });

  it("RPC2001 suggests the built-in type for names from other languages and for typos of built-ins", () => {
    const r = analyzeText("struct A { 1: int a; 2: Strng b; 3: double c; 4: boolean d; 5: int46 e; }");
    expect(r.diagnostics.map((d) => [d.message, d.hint])).to.deep.equal([
      ["unknown type 'int'", "did you mean 'int32'?"],
      ["unknown type 'Strng'", "did you mean 'string'?"],
      ["unknown type 'double'", "did you mean 'float64'?"],
      ["unknown type 'boolean'", "did you mean 'bool'?"],
      ["unknown type 'int46'", "did you mean 'int64'?"],
    ]);
  });

  it("suggests the qualified name when an unqualified name is only visible through an import alias", () => {
    const r = analyzeFiles({
      "main.idl": 'import "common.idl" as common;\nstruct A { 1: Money m = ZERO; 2: Color c = Color.RED; 3: Mony x; }',
      "common.idl": "struct Money { 1: int64 cents; }\nconst int64 ZERO = 0;\nenum Color { RED; }",
    });
    expect(r.diagnostics.map((d) => [d.message, d.hint])).to.deep.equal([
      ["unknown type 'Money'", "did you mean 'common.Money'?"],
      ["unknown constant 'ZERO'", "did you mean 'common.ZERO'?"],
      ["unknown type 'Color'", "did you mean 'common.Color'?"],
      ["unknown constant 'Color.RED'", "did you mean 'common.Color.RED'?"],
      ["unknown type 'Mony'", undefined],
    ]);
  });

  it("RPC2004 a service or constant used as a type", () => {
    const r = analyzeText("service Svc {}\nconst int32 C = 1;\nstruct S { 1: Svc a; 2: list<C> b; }");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2004", line: 3, column: 15, message: "'Svc' is a service, not a type" },
      { code: "RPC2004", line: 3, column: 30, message: "'C' is a constant, not a type" },
    ]);
  });

  it("RPC2005 a type used as a value", () => {
    const r = analyzeText("struct S {}\nconst int32 X = S;");
    expectDiagnostics(r.diagnostics, [{ code: "RPC2005", line: 2, column: 17, message: "'S' is a struct, not a constant or enum value" }]);
  });

  it("RPC2015 duplicate declaration names and import aliases", () => {
    const r = analyzeFiles({
      "a.idl": 'import "b.idl" as b;\nimport "c.idl" as b;\nstruct Order {}\nenum Order { A; }\nimport "c.idl" as Order;',
      "b.idl": "",
      "c.idl": "",
    });
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2015", line: 2, column: 19, message: "duplicate name 'b': already declared at line 1" },
      { code: "RPC2015", line: 4, column: 6, message: "duplicate name 'Order': already declared at line 3" },
      { code: "RPC1010", line: 5, column: 1, message: "imports must come before declarations" },
      { code: "RPC2015", line: 5, column: 19, message: "duplicate name 'Order': already declared at line 3" },
    ]);
  });

  it("RPC2016 a name collision between unqualified imports, or with a local declaration", () => {
    const r = analyzeFiles({
      "a.idl": 'import "b.idl";\nimport "c.idl";\nstruct Local {}',
      "b.idl": "struct Money {}\nstruct Local {}",
      "c.idl": "struct Money {}",
    });
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2016", line: 1, column: 8, message: "'Local' imported from 'b.idl' collides with 'Local' declared in this file" },
      { code: "RPC2016", line: 2, column: 8, message: "'Money' imported from 'c.idl' collides with 'Money' imported from 'b.idl'" },
    ]);
  });

  it("resolves unqualified and aliased imports, enum values and constants, and fills the resolved slots", () => {
    const r = analyzeFiles({
      "a.idl": 'import "b.idl";\nimport "sub/c.idl" as c;\nstruct S { 1: Money m; 2: c.Kind k = c.Kind.Y; 3: int64 z = c.ZERO; 4: int32 w = LIMIT; }',
      "b.idl": "struct Money {}\nconst int32 LIMIT = 5;",
      "sub/c.idl": "enum Kind { X; Y = 7; Z; }\nconst int64 ZERO = 0;",
    });
    expectDiagnostics(r.diagnostics, []);
    const [a, b, c] = r.program.files;
    expect(r.program.files.map((f) => f.relativePath)).to.deep.equal(["a.idl", "b.idl", "sub/c.idl"]);
    expect(r.program.roots).to.deep.equal([a]);
    expect(a!.imports.map((i) => i.resolvedPath)).to.deep.equal(["/mem/b.idl", "/mem/sub/c.idl"]);
    const s = a!.declarations[0]!;
    if (s.kind !== "struct") return expect.fail("struct expected");
    const [m, k, z, w] = s.fields;
    expect(m!.type.kind === "named" && m!.type.resolved?.file).to.equal(b);
    expect(k!.type.kind === "named" && k!.type.resolved?.decl.name.text).to.equal("Kind");
    const kd = k!.default!;
    expect(kd.kind === "ref" && kd.resolved?.kind === "enumValue" && kd.resolved.value.value).to.equal(7);
    expect(kd.kind === "ref" && kd.resolved?.file).to.equal(c);
    expect(z!.default!.kind === "ref" && z!.default!.resolved?.kind).to.equal("const");
    expect(w!.default!.kind === "ref" && w!.default!.resolved?.kind === "const" && w!.default!.resolved.decl.name.text).to.equal("LIMIT");
    const kind = c!.declarations[0]!;
    expect(kind.kind === "enum" && kind.values.map((v) => v.value)).to.deep.equal([0, 7, 8]);
  });

  it("does not make the names of an import's imports visible", () => {
    const r = analyzeFiles({
      "a.idl": 'import "b.idl";\nstruct S { 1: Deep d; }',
      "b.idl": 'import "c.idl";',
      "c.idl": "struct Deep {}",
    });
    expectDiagnostics(r.diagnostics, [{ code: "RPC2001", line: 2, column: 15, message: "unknown type 'Deep'" }]);
  });

  it("RPC2070 warns where a deprecated type, enum value or constant is used, not inside it", () => {
    const r = analyzeText(
      [
        '@deprecated("use New") struct Old { 1: optional Old next; }',
        'enum E { A; @deprecated("gone") B; }',
        "@deprecated const int32 C = 1;",
        "struct S { 1: Old o; 2: E e = E.B; 3: int32 c = C; 4: E a = E.A; }",
      ].join("\n"),
    );
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2070", line: 4, column: 15, message: "'Old' is deprecated: use New" },
      { code: "RPC2070", line: 4, column: 31, message: "'E.B' is deprecated: gone" },
      { code: "RPC2070", line: 4, column: 49, message: "'C' is deprecated" },
    ]);
    expect(r.diagnostics.every((d) => d.category === "warning")).to.equal(true);
  });
});
