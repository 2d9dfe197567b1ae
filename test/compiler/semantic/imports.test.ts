import { expect } from "chai";
import { analyze } from "../../../compiler/frontend.js";
import { analyzeFiles, expectDiagnostics } from "../syntax/helpers.js";

describe("checker: files and imports", () => {
  it("RPC2100 a missing import, naming every path tried", () => {
    const r = analyzeFiles({ "dir/a.idl": 'import "x/common.idl";\nstruct S {}' }, { includeDirs: ["/inc1", "/inc2"] });
    expectDiagnostics(r.diagnostics, [
      {
        code: "RPC2100",
        line: 1,
        column: 8,
        message: "cannot find import 'x/common.idl' (tried: /mem/dir/x/common.idl, /inc1/x/common.idl, /inc2/x/common.idl)",
        hint: "check the path, or add the folder that holds the file with -I/--include",
      },
    ]);
    expect(r.program.files[0]!.imports[0]!.resolvedPath).to.equal(undefined);
  });

  it("looks in the importing file's folder first, then each include directory in order", () => {
    const files: Record<string, string> = {
      "/proj/api/a.idl": 'import "common.idl";\nimport "shared.idl";\nstruct S { 1: Money m; 2: Shared s; }',
      "/inc1/common.idl": "struct Money {}",
      "/inc2/common.idl": "this file must not be read",
      "/inc2/shared.idl": "struct Shared {}",
    };
    const r = analyze([{ path: "/proj/api/a.idl", relativePath: "a.idl" }], { includeDirs: ["/inc1", "/inc2"], readFile: (p) => files[p] });
    expectDiagnostics(r.diagnostics, []);
    expect(r.program.files.map((f) => [f.path, f.relativePath])).to.deep.equal([
      ["/proj/api/a.idl", "a.idl"],
      ["/inc1/common.idl", "common.idl"],
      ["/inc2/shared.idl", "shared.idl"],
    ]);
  });

  it("RPC2101 an import cycle, naming the cycle at the import that closes it", () => {
    const r = analyzeFiles({
      "a.idl": 'import "b.idl";\nstruct A {}',
      "b.idl": 'import "c.idl";\nstruct B {}',
      "c.idl": 'import "a.idl";\nstruct C {}',
      "self.idl": 'import "self.idl";',
    }, { roots: ["a.idl", "self.idl"] });
    expectDiagnostics(r.diagnostics, [
      { code: "RPC2101", line: 1, column: 1, message: "import cycle: a.idl -> b.idl -> c.idl -> a.idl", file: "/mem/c.idl" },
      { code: "RPC2101", line: 1, column: 1, message: "import cycle: self.idl -> self.idl", file: "/mem/self.idl" },
    ]);
  });

  it("RPC2102 an input file that cannot be read", () => {
    const r = analyzeFiles({ "a.idl": "struct A {}" }, { roots: ["a.idl", "gone.idl"] });
    expectDiagnostics(r.diagnostics, [{ code: "RPC2102", line: 1, column: 1, message: "cannot read input file '/mem/gone.idl'" }]);
    expect(r.program.roots.map((f) => f.relativePath)).to.deep.equal(["a.idl"]);
  });

  it("orders files deterministically: inputs sorted by path, then imports as discovered", () => {
    const files = { "z.idl": 'import "m.idl";', "a.idl": 'import "q.idl";', "m.idl": "", "q.idl": 'import "m.idl";' };
    const one = analyzeFiles(files, { roots: ["z.idl", "a.idl"] });
    const two = analyzeFiles(files, { roots: ["a.idl", "z.idl", "a.idl"] });
    const order = ["a.idl", "z.idl", "q.idl", "m.idl"];
    expect(one.program.files.map((f) => f.relativePath)).to.deep.equal(order);
    expect(two.program.files.map((f) => f.relativePath)).to.deep.equal(order);
    expect(one.program.roots.map((f) => f.relativePath)).to.deep.equal(["a.idl", "z.idl"]);
  });

  it("sorts diagnostics by file, then position", () => {
    const r = analyzeFiles({ "b.idl": "struct S { 1: Y y; 2: X x; }", "a.idl": "struct T { 1: Z z; }" }, { roots: ["b.idl", "a.idl"] });
    expect(r.diagnostics.map((d) => `${d.span.file}:${d.span.start.column}`)).to.deep.equal(["/mem/a.idl:15", "/mem/b.idl:15", "/mem/b.idl:23"]);
  });
});
