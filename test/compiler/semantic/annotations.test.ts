import { expect } from "chai";
import { analyzeFiles, analyzeText, expectDiagnostics } from "../syntax/helpers.js";

describe("checker: annotations", () => {
  it("accepts every known annotation where it belongs", () => {
    const r = analyzeText(
      [
        "const int32 MAX = 10;",
        "const int64 T = 5s;",
        '@deprecated("x") enum E { @deprecated A; }',
        "struct S {",
        "  1: int32 a @range(min = 1, max = MAX);",
        "  2: float64 b @range(min = -1.5);",
        '  3: string c @len(max = 3) @pattern("^[a-z\\\\-]+$");',
        "  4: list<int32> d @len(min = 0, max = 5);",
        "  5: map<string, bytes> e @len(min = 1);",
        "  6: bytes f @len(max = 1024);",
        "}",
        '@timeout(800ms) @version("1.2.0") service V {',
        "  @idempotent @timeout(T) @retry(max = 3, backoff = 100ms) void f(1: int64 x @range(max = 5));",
        "  @idempotent() @retry void g();",
        '  @idempotent @cluster("hedging", delay = 50ms, attempts = 3) void h();',
        '  @cluster("failover", retries = 2) void i();',
        '  @cluster("failover") void j();',
        '  @cluster("failfast") void k();',
        '  @idempotent @cluster("hedging") void l();',
        "}",
      ].join("\n"),
    );
    expectDiagnostics(r.diagnostics, []);
  });

  it("RPC2060 an annotation on the wrong kind of thing", () => {
    const r = analyzeText(
      [
        "@timeout(1s) struct A {",
        "  1: string a @range(min = 1);",
        "  2: int32 b @len(max = 1);",
        '  3: int32 c @pattern("x");',
        "}",
        "@idempotent service S {",
        '  @version("1") void f(1: bool x @range(min = 0));',
        "}",
        "enum E { @retry X; }",
      ].join("\n"),
    );
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2060", line: 1, column: 1, message: "@timeout is not allowed on a struct; it applies to services and methods" },
      { code: "RPC2060", line: 2, column: 15, message: "@range is not allowed on a field of type 'string'; it applies to numeric fields and parameters" },
      {
        code: "RPC2060",
        line: 3,
        column: 14,
        message: "@len is not allowed on a field of type 'int32'; it applies to string, bytes, list and map fields and parameters",
      },
      { code: "RPC2060", line: 4, column: 14, message: "@pattern is not allowed on a field of type 'int32'; it applies to string fields and parameters" },
      { code: "RPC2060", line: 6, column: 1, message: "@idempotent is not allowed on a service; it applies to methods" },
      { code: "RPC2060", line: 7, column: 3, message: "@version is not allowed on a method; it applies to services" },
      { code: "RPC2060", line: 7, column: 34, message: "@range is not allowed on a parameter of type 'bool'; it applies to numeric fields and parameters" },
      { code: "RPC2060", line: 9, column: 10, message: "@retry is not allowed on an enum value; it applies to methods" },
    ]);
  });

  it("RPC2061 @len bounds beyond 2^53 - 1, which generated code cannot hold as a number", () => {
    const r = analyzeText("struct S {\n  1: string a @len(max = 9007199254740993);\n  2: string b @len(min = 1, max = 9007199254740991);\n}");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2061", line: 2, column: 26, message: "invalid arguments for @len: max must be at most 9007199254740991 (2^53 - 1), found 9007199254740993" },
    ]);
  });

  it("checks @pattern with the flags the runtime compiles it with (Unicode mode when the pattern allows it)", () => {
    // A range of emoji is an error outside Unicode mode; \\a is one inside it: the runtime takes either.
    const r = analyzeText('struct S {\n  1: string a @pattern("^[😀-🙏]+$");\n  2: string b @pattern("^\\\\a$");\n  3: string c @pattern("[");\n}');
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2061", line: 4, column: 24, message: "invalid arguments for @pattern: Invalid regular expression: /[/: Unterminated character class" },
    ]);
  });

  it("RPC2061 annotation arguments of the wrong type", () => {
    const r = analyzeText(
      [
        "struct S {",
        '  1: int32 a @range(min = "a");',
        "  2: int32 b @range(min = 5, max = 1);",
        "  3: string c @len(min = -1);",
        '  4: string d @pattern("(");',
        "  5: int32 e @range(low = 1);",
        "  6: int32 f @range(1);",
        "}",
        "@version(1) service V {",
        '  @timeout("soon") void f();',
        "  @idempotent @retry(max = 3, backoff = 5) void g();",
        "  @idempotent(1) void h();",
        "  @timeout void i();",
        "  @deprecated(2) void j();",
        "}",
      ].join("\n"),
    );
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2061", line: 2, column: 27, message: 'invalid arguments for @range: min must be a number, found "a"' },
      { code: "RPC2061", line: 3, column: 14, message: "invalid arguments for @range: min (5) is greater than max (1)" },
      { code: "RPC2061", line: 4, column: 26, message: "invalid arguments for @len: min must be a non-negative integer, found -1" },
      { code: "RPC2061", line: 5, column: 24, message: "invalid arguments for @pattern: Invalid regular expression: /(/: Unterminated group" },
      { code: "RPC2061", line: 6, column: 21, message: "invalid arguments for @range: unknown argument 'low'; expected min = ..., max = ..." },
      { code: "RPC2061", line: 7, column: 21, message: "invalid arguments for @range: arguments are named: min = ..., max = ..." },
      { code: "RPC2061", line: 9, column: 10, message: "invalid arguments for @version: expected a version string, found 1" },
      { code: "RPC2061", line: 10, column: 12, message: 'invalid arguments for @timeout: expected a duration such as 800ms, found "soon"' },
      { code: "RPC2061", line: 11, column: 41, message: "invalid arguments for @retry: backoff must be a duration such as 100ms, found 5" },
      { code: "RPC2061", line: 12, column: 15, message: "invalid arguments for @idempotent: @idempotent takes no arguments" },
      { code: "RPC2061", line: 13, column: 3, message: "invalid arguments for @timeout: expected one duration, e.g. @timeout(800ms)" },
      { code: "RPC2061", line: 14, column: 15, message: "invalid arguments for @deprecated: expected a reason string, found 2" },
    ]);
  });

  it("RPC2062 @retry without @idempotent", () => {
    const r = analyzeText("service V {\n  @retry(max = 2) void f();\n}");
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2062", line: 2, column: 3, message: "@retry needs @idempotent on the same method: only idempotent calls may be retried" },
    ]);
  });

  it("RPC2061 @cluster: the strategy first, then only its own arguments, in range", () => {
    const r = analyzeText(
      [
        "service V {",
        '  @cluster("sometimes") void a();',
        "  @cluster(retries = 2) void b();",
        '  @cluster("failover", delay = 2ms) void c();',
        '  @cluster("failfast", retries = 1) void d();',
        '  @cluster("failover", retries = 11) void e();',
        '  @idempotent @cluster("hedging", attempts = 1) void f();',
        '  @idempotent @cluster("hedging", delay = 3) void g();',
        "  @cluster void h();",
        "}",
      ].join("\n"),
    );
    const usage = '@cluster("failfast"), @cluster("failover", retries = N) or @cluster("hedging", delay = DURATION, attempts = N)';
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2061", line: 2, column: 12, message: 'invalid arguments for @cluster: unknown strategy "sometimes"; expected "failfast", "failover" or "hedging"' },
      { code: "RPC2061", line: 3, column: 12, message: `invalid arguments for @cluster: expected the strategy first: ${usage}` },
      { code: "RPC2061", line: 4, column: 24, message: "invalid arguments for @cluster: unknown argument 'delay'; expected retries = ..." },
      { code: "RPC2061", line: 5, column: 24, message: 'invalid arguments for @cluster: "failfast" takes no further arguments' },
      { code: "RPC2061", line: 6, column: 34, message: "invalid arguments for @cluster: retries must be an integer from 0 to 10, found 11" },
      { code: "RPC2061", line: 7, column: 46, message: "invalid arguments for @cluster: attempts must be an integer from 2 to 10 (the first included), found 1" },
      { code: "RPC2061", line: 8, column: 43, message: "invalid arguments for @cluster: delay must be a duration such as 50ms, found 3" },
      { code: "RPC2061", line: 9, column: 3, message: `invalid arguments for @cluster: expected the strategy first: ${usage}` },
    ]);
  });

  it("RPC2065 @cluster(\"hedging\") without @idempotent", () => {
    const r = analyzeText('service V {\n  @cluster("hedging", delay = 20ms) void f();\n  @cluster("failover") void g();\n}');
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2065", line: 2, column: 3, message: '@cluster("hedging") needs @idempotent on the same method: a hedged call may run on several instances' },
    ]);
    expect(r.diagnostics[0]!.hint).to.contain("@idempotent");
  });

  it("RPC2063 warns once per unknown annotation name per run, with a hint when close to a known one", () => {
    const r = analyzeFiles({
      "a.idl": 'import "b.idl";\n@auth(role = "admin") struct A { 1: string a @auth @idempotant; }',
      "b.idl": "@auth struct B {}",
    });
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2063", line: 2, column: 2, message: "unknown annotation @auth; it is kept in the descriptor for middleware", file: "/mem/a.idl" },
      {
        code: "RPC2063",
        line: 2,
        column: 53,
        message: "unknown annotation @idempotant; it is kept in the descriptor for middleware",
        hint: "did you mean 'idempotent'?",
      },
    ]);
    expect(r.diagnostics.every((d) => d.category === "warning")).to.equal(true);
  });

  it("does not warn about annotations declared known", () => {
    const r = analyzeText('@auth(role = "admin") @audit struct A {}', { knownAnnotations: ["auth", "@audit"] });
    expectDiagnostics(r.diagnostics, []);
  });

  it("RPC2064 the same annotation twice on one thing", () => {
    const r = analyzeText("service V { @timeout(1s) @timeout(2s) void f(); }");
    expectDiagnostics(r.diagnostics, [{ code: "RPC2064", line: 1, column: 26, message: "duplicate annotation @timeout" }]);
  });
});
