import { expect } from "chai";
import type { Diagnostic } from "../../../compiler/diagnostics.js";
import { caretLines, diagnosticToJson, formatDiagnostic } from "../../../compiler/diagnostics.js";
import { analyzeFiles } from "./helpers.js";

function first(files: Record<string, string>): { d: Diagnostic; source: (f: string) => string | undefined } {
  const r = analyzeFiles(files);
  return { d: r.diagnostics[0]!, source: (f) => files[f.slice(5)] };
}

describe("diagnostic formatting", () => {
  it("prints file:line:col, severity, code and message, the source line and a caret under the span", () => {
    const { d, source } = first({ "a.idl": "struct Order {}\nstruct Cart { 1: Ordr order; }\n" });
    expect(formatDiagnostic(d, { color: false, source })).to.equal(
      [
        "/mem/a.idl:2:18: error RPC2001: unknown type 'Ordr'",
        "struct Cart { 1: Ordr order; }",
        "                 ^^^^",
        "  hint: did you mean 'Order'?",
      ].join("\n"),
    );
  });

  it("keeps tabs in the caret line so it lines up", () => {
    const { d, source } = first({ "a.idl": "struct S {\n\t\t1: Nope x;\n}" });
    const text = formatDiagnostic(d, { color: false, source });
    expect(text.split("\n").slice(1)).to.deep.equal(["\t\t1: Nope x;", "\t\t   ^^^^"]);
  });

  it("prints warnings as warnings, and file names relative to cwd when asked", () => {
    const { d, source } = first({ "a.idl": "@auth struct S {}" });
    expect(formatDiagnostic(d, { color: false, source, cwd: "/mem" }).split("\n")[0]).to.equal(
      "a.idl:1:2: warning RPC2063: unknown annotation @auth; it is kept in the descriptor for middleware",
    );
  });

  it("colors only when asked", () => {
    const { d, source } = first({ "a.idl": "struct S { 1: Nope x; }" });
    expect(formatDiagnostic(d, { color: true, source })).to.include("\u001b[");
    expect(formatDiagnostic(d, { color: false, source })).to.not.include("\u001b[");
  });

  it("leaves out the source when it cannot be read, and puts the caret at end of file for EOF errors", () => {
    const { d } = first({ "a.idl": "struct S {" });
    expect(formatDiagnostic(d, { color: false, source: () => undefined })).to.equal("/mem/a.idl:1:11: error RPC1005: expected a field such as '1: string name;' or '}' but found end of file");
    expect(caretLines("struct S {", d.span)).to.deep.equal({ line: "struct S {", caret: "          ^" });
  });

  it("converts to a JSON line with positions, severity, code, message and hint", () => {
    const { d } = first({ "a.idl": "struct Order {}\nstruct Cart { 1: Ordr order; }" });
    expect(JSON.parse(JSON.stringify(diagnosticToJson(d)))).to.deep.equal({
      file: "/mem/a.idl",
      line: 2,
      column: 18,
      endLine: 2,
      endColumn: 22,
      severity: "error",
      code: "RPC2001",
      message: "unknown type 'Ordr'",
      hint: "did you mean 'Order'?",
    });
  });
});
