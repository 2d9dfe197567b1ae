import { expect } from "chai";
import { analyzeFiles, analyzeText, expectDiagnostics } from "../syntax/helpers.js";

describe("checker: services and methods", () => {
  it("RPC2017 duplicate method name", () => {
    const r = analyzeText("service S {\n  void f();\n  int32 f(1: string a);\n}");
    expectDiagnostics(r.diagnostics, [{ code: "RPC2017", line: 3, column: 9, message: "duplicate method 'f' in service 'S'" }]);
  });

  it("RPC2040 oneway with a non-void return", () => {
    const r = analyzeText("service S { oneway int32 f(); }");
    expectDiagnostics(r.diagnostics, [{ code: "RPC2040", line: 1, column: 20, message: "oneway method 'f' must return void" }]);
  });

  it("RPC2041 oneway with throws", () => {
    const r = analyzeText("error E {}\nservice S { oneway void f() throws (E); }");
    expectDiagnostics(r.diagnostics, [{ code: "RPC2041", line: 2, column: 29, message: "oneway method 'f' cannot throw: nobody receives its answer" }]);
  });

  it("RPC2042 throws of a non-error type", () => {
    const r = analyzeText("struct NotFound {}\nerror Gone {}\nservice S { void f() throws (Gone, NotFound, Missing); }");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2042", line: 3, column: 36, message: "'NotFound' is a struct, not an error; throws lists error types only" },
      { code: "RPC2001", line: 3, column: 46, message: "unknown type 'Missing'" },
    ]);
  });

  it("RPC2048 the same error twice in throws", () => {
    const r = analyzeFiles({ "a.idl": 'import "b.idl" as b;\nimport "b.idl";\nservice S { void f() throws (Gone, b.Gone); }', "b.idl": "error Gone {}" });
    expectDiagnostics(r.diagnostics, [{ code: "RPC2048", line: 3, column: 36, message: "'b.Gone' is listed twice in throws" }]);
  });

  it("RPC2043 a required parameter after an optional or defaulted one", () => {
    const r = analyzeText("service S {\n  void f(1: string a, 2: int32 b = 1, 3: optional string c, 4: string d);\n}");
    expectDiagnostics(r.diagnostics, [
      {
        code: "RPC2043",
        line: 2,
        column: 71,
        message: "required parameter 'd' comes after optional parameter 'b'; put optional and defaulted parameters last",
      },
    ]);
  });

  it("RPC2044 extends a declaration that is not a service", () => {
    const r = analyzeText("struct Base {}\nservice S extends Base {}");
    expectDiagnostics(r.diagnostics, [{ code: "RPC2044", line: 2, column: 19, message: "service 'S' cannot extend 'Base': it is a struct, not a service" }]);
  });

  it("RPC2045 extends a missing service, with a did-you-mean hint", () => {
    const r = analyzeText("service Base {}\nservice S extends Bsae {}");
    expectDiagnostics(r.diagnostics, [{ code: "RPC2045", line: 2, column: 19, message: "unknown service 'Bsae'", hint: "did you mean 'Base'?" }]);
  });

  it("RPC2046 a cycle of extends", () => {
    const r = analyzeText("service A extends C {}\nservice B extends A {}\nservice C extends B {}\nservice D extends D {}");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2046", line: 1, column: 19, message: "service inheritance cycle: A -> C -> B -> A" },
      { code: "RPC2046", line: 2, column: 19, message: "service inheritance cycle: B -> A -> C -> B" },
      { code: "RPC2046", line: 3, column: 19, message: "service inheritance cycle: C -> B -> A -> C" },
      { code: "RPC2046", line: 4, column: 19, message: "service inheritance cycle: D -> D" },
    ]);
  });

  it("RPC2047 a method that clashes with an inherited one, through several levels and files", () => {
    const r = analyzeFiles({
      "a.idl": 'import "b.idl" as b;\nservice Leaf extends b.Mid {\n  void ping();\n  void own();\n}',
      "b.idl": "service Root { void ping(); }\nservice Mid extends Root { void status(); }",
    });
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2047", line: 3, column: 8, message: "method 'ping' clashes with the method of the same name inherited from 'Root'" },
    ]);
    const leaf = r.program.files[0]!.declarations[0]!;
    expect(leaf.kind === "service" && leaf.resolvedExtends?.decl.name.text).to.equal("Mid");
    expect(leaf.kind === "service" && leaf.resolvedExtends?.file).to.equal(r.program.files[1]);
  });
});
