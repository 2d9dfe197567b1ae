import { expect } from "chai";
import type { Diagnostic } from "../../../compiler/diagnostics.js";
import { caretLines, diagnosticToJson, formatDiagnostic, formatDiagnostics, MAX_FRAME_WIDTH, MAX_PRINTED_PER_FILE } from "../../../compiler/diagnostics.js";
import { analyzeFiles } from "./helpers.js";

function first(files: Record<string, string>): { d: Diagnostic; source: (f: string) => string | undefined } {
  const r = analyzeFiles(files);
  return { d: r.diagnostics[0]!, source: (f) => files[f.slice(5)] };
}

describe("diagnostic formatting", () => {
  it("prints file:line:col, severity, code and message, the source line behind a line-number gutter and a caret under the span", () => {
    const { d, source } = first({ "a.idl": "struct Order {}\nstruct Cart { 1: Ordr order; }\n" });
    expect(formatDiagnostic(d, { color: false, source })).to.equal(
      [
        "/mem/a.idl:2:18: error RPC2001: unknown type 'Ordr'",
        " 2 | struct Cart { 1: Ordr order; }",
        "   |                  ^^^^",
        "  hint: did you mean 'Order'?",
      ].join("\n"),
    );
  });

  it("prints a related location as a note (a duplicate field ID points at the first use)", () => {
    const { d, source } = first({ "a.idl": "struct A {\n  1: string a;\n  1: string b;\n}" });
    expect(d.code).to.equal("RPC2011");
    expect(d.related?.map((r) => [r.message, r.span.start.line, r.span.start.column])).to.deep.equal([["field ID 1 first used by 'a'", 2, 3]]);
    expect(formatDiagnostic(d, { color: false, source }).split("\n")).to.deep.equal([
      "/mem/a.idl:3:3: error RPC2011: duplicate field ID 1: already used by 'a'",
      " 3 |   1: string b;",
      "   |   ^",
      "  note: /mem/a.idl:2:3: field ID 1 first used by 'a'",
    ]);
    const dup = first({ "a.idl": "struct A {}\nenum A { X; }" }).d;
    expect(dup.code).to.equal("RPC2015");
    expect(dup.related?.map((r) => [r.message, r.span.start.line, r.span.start.column])).to.deep.equal([["'A' first declared here", 1, 8]]);
  });

  it("clips a long source line around the span, and caps the diagnostics printed per file", () => {
    // 5,000 errors on one 25 KB line printed the whole line 5,000 times (188 MB).
    const text = "$ ".repeat(12_500);
    const files = { "a.idl": text };
    const { diagnostics } = analyzeFiles(files);
    const out = formatDiagnostics(diagnostics, { color: false, source: (f) => (f === "/mem/a.idl" ? text : undefined) });
    expect(out.length).to.be.below(30_000);
    const frame = formatDiagnostic(diagnostics[60]!, { color: false, source: () => text }).split("\n");
    expect(frame[1]!.length).to.be.at.most(MAX_FRAME_WIDTH + 20);
    expect(frame[1]).to.match(/^ 1 \| \.\.\.\$ .*\.\.\.$/);
    // The caret stays under the span after clipping.
    expect(frame[1]![frame[2]!.indexOf("^")]).to.equal("$");
    expect(out).to.include(`more diagnostics not shown`);
    expect(out.split("error RPC").length - 1).to.equal(MAX_PRINTED_PER_FILE);
  });

  it("puts the caret under an emoji's code point, not its UTF-16 units", () => {
    const text = 'const string E = "😀"; $';
    expect(caretLines(text, { file: "/f", start: { offset: 23, line: 1, column: 23 }, end: { offset: 24, line: 1, column: 24 } })).to.deep.equal({
      line: text,
      caret: " ".repeat(22) + "^",
    });
  });

  it("keeps tabs in the caret line so it lines up", () => {
    const { d, source } = first({ "a.idl": "struct S {\n\t\t1: Nope x;\n}" });
    const text = formatDiagnostic(d, { color: false, source });
    expect(text.split("\n").slice(1)).to.deep.equal([" 2 | \t\t1: Nope x;", "   | \t\t   ^^^^"]);
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

  it("converts to JSON with the field names of the API's Diagnostic", () => {
    const { d } = first({ "a.idl": "struct Order {}\nstruct Cart { 1: Ordr order; }" });
    expect(JSON.parse(JSON.stringify(diagnosticToJson(d)))).to.deep.equal({
      code: "RPC2001",
      category: "error",
      message: "unknown type 'Ordr'",
      span: { file: "/mem/a.idl", start: { offset: 33, line: 2, column: 18 }, end: { offset: 37, line: 2, column: 22 } },
      hint: "did you mean 'Order'?",
    });
    expect(JSON.parse(JSON.stringify(diagnosticToJson(d)))).to.deep.equal(JSON.parse(JSON.stringify(d)));
  });
});
