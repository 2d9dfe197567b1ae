import { expect } from "chai";
import fc from "fast-check";
import { formatDiagnostic } from "../../../compiler/diagnostics.js";
import { analyze } from "../../../compiler/frontend.js";

// Pieces of IDL, valid and broken, that random sequences are built from.
const fragments = [
  "package p;", 'import "b.idl";', 'import "a.idl" as a;', "struct", "union", "error", "enum", "service", "const", "extends",
  "oneway", "void", "throws", "optional", "S", "T", "a.S", "{", "}", "(", ")", "<", ">", "[", "]", ";", ":", ",", ".", "=",
  "@", "@x", "@timeout(1s)", "@range(min = 1)", "1:", "2:", "0x1F", "-7", "1.5", "250ms", '"s"', '"\\q"', '"open', "true",
  "int32", "string", "list<int32>", "map<string, S>", "/** doc */", "/* c */", "// line\n", "/*", "$", "\t", "\n", " ",
];

describe("front end robustness", () => {
  it("never throws, and every diagnostic points inside the text, whatever the input", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 60 }), fc.array(fc.constantFrom(...fragments), { maxLength: 20 }), (a, b) => {
        const files: Record<string, string> = { "/m/a.idl": a.join(" "), "/m/b.idl": b.join(" ") };
        const r = analyze([{ path: "/m/a.idl", relativePath: "a.idl" }], { readFile: (p) => files[p] });
        for (const d of r.diagnostics) {
          const text = files[d.span.file];
          expect(text, d.span.file).to.be.a("string");
          expect(d.span.start.offset).to.be.within(0, text!.length);
          expect(d.span.end.offset).to.be.within(d.span.start.offset, text!.length);
          expect(d.span.start.line).to.be.greaterThan(0);
          expect(d.span.start.column).to.be.greaterThan(0);
          expect(d.message).to.not.include("\u0000");
          formatDiagnostic(d, { color: false, source: (f) => files[f] });
        }
      }),
      { numRuns: 400 },
    );
  });
});
