/** The small printers the walkers share: JS literals, values, doc comments, imports. */
import { expect } from "chai";
import type { Literal, SourceFile } from "../../../compiler/ast.js";
import { docText } from "../../../compiler/emit/docs.js";
import { ImportManager } from "../../../compiler/emit/imports.js";
import { arr, obj, printJs, propertyKey, str } from "../../../compiler/emit/js.js";
import { evaluate, numberText, printTyped, printUntyped } from "../../../compiler/emit/values.js";

const span = { file: "/x.idl", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
const int = (v: bigint): Literal => ({ kind: "int", value: v, text: String(v), span });
const prim = (name: "int32" | "int64" | "float64") => ({ kind: "primitive" as const, name, span });

function file(path: string, imports: SourceFile["imports"] = []): SourceFile {
  return { kind: "file", path, relativePath: path.slice(1), text: "", imports, declarations: [] };
}

describe("emit printers", () => {
  it("printJs keeps short literals on one line and breaks long ones, one entry per line", () => {
    expect(printJs(obj([["a", "1"], ["b", arr(["2", "3"])]]))).to.equal("{ a: 1, b: [2, 3] }");
    expect(printJs(obj([]))).to.equal("{}");
    const long = obj(Array.from({ length: 12 }, (_, i) => [`field${i}`, str(`value ${i}`)] as const));
    const printed = printJs(long);
    expect(printed.split("\n")).to.have.length(14);
    expect(printed.split("\n")[1]).to.equal('  field0: "value 0",');
    expect(printJs(obj([["skip", undefined], ["keep", "true"]]))).to.equal("{ keep: true }");
  });

  it("propertyKey quotes what is not an identifier and never writes a bare __proto__", () => {
    expect(propertyKey("delete")).to.equal("delete");
    expect(propertyKey("a-b")).to.equal('"a-b"');
    expect(propertyKey("__proto__")).to.equal('["__proto__"]');
    // The computed form really creates an own property.
    const o = Function(`return { ${propertyKey("__proto__")}: 1 };`)() as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).to.equal(Object.prototype);
    expect(Object.keys(o)).to.deep.equal(["__proto__"]);
  });

  it("values print by their slot type: int64 as bigint, durations as ms, big annotation ints as bigint", () => {
    expect(printTyped(evaluate(int(5n)), prim("int64"))).to.equal("5n");
    expect(printTyped(evaluate(int(5n)), prim("int32"))).to.equal("5");
    expect(printTyped(evaluate({ kind: "duration", millis: 1500, text: "1500ms", span }), prim("int32"))).to.equal("1500");
    expect(printUntyped(evaluate(int(9007199254740993n)))).to.equal("9007199254740993n");
    expect(printUntyped(evaluate({ kind: "string", value: 'a"b\n', span }))).to.equal('"a\\"b\\n"');
    expect(printTyped(evaluate({ kind: "list", items: [int(1n), int(2n)], span }), { kind: "listType", element: prim("int64"), span })).to.equal("[1n, 2n]");
    expect(numberText(-0)).to.equal("-0");
    expect(numberText(1e21)).to.equal("1e+21");
  });

  it("doc comments: one line when short, tags after the description, and no early close", () => {
    const doc = (text: string) => ({ text, span });
    expect(docText({ doc: doc("Hello."), annotations: [] })).to.equal("/** Hello. */\n");
    expect(docText({ doc: doc("a */ b"), annotations: [] })).to.equal("/** a *\\/ b */\n");
    const deprecated = { kind: "annotation" as const, name: { kind: "identifier" as const, text: "deprecated", span }, args: [{ value: { kind: "string" as const, value: "use x", span }, span }], hasParens: true, span };
    expect(docText({ doc: doc("Line 1.\n\nLine 2."), annotations: [deprecated] }, "  ")).to.equal(
      "  /**\n   * Line 1.\n   *\n   * Line 2.\n   * @deprecated use x\n   */\n",
    );
    expect(docText({ annotations: [deprecated] })).to.equal("/** @deprecated use x */\n");
    expect(docText({ annotations: [] })).to.equal("");
  });

  it("imports: only what is used, types as `import type`, runtime names aliased around declared ones", () => {
    const common = file("/common.idl");
    const other = file("/other.idl");
    const me = file("/me.idl", [{ path: { kind: "string", value: "common.idl", span }, alias: { kind: "identifier", text: "common", span }, resolvedPath: "/common.idl", span }]);
    const m = new ImportManager({ file: me, specifierOf: (t) => `./${t.path.slice(1, -4)}.js`, runtimeSpecifier: "rpcgen/runtime", declared: new Set(["Channel", "Money"]) });
    expect(m.runtime("Channel")).to.equal("$Channel");
    expect(m.runtime("IdlError", true)).to.equal("IdlError");
    expect(m.ref(common, "Money", false)).to.equal("common.Money");
    expect(m.ref(other, "Money", false)).to.equal("Money$1");
    expect(m.ref(other, "Money$schema", true)).to.equal("Money$schema");
    expect(m.ref(me, "Local", true)).to.equal("Local");
    expect(m.statements()).to.deep.equal([
      'import { type Channel as $Channel, IdlError } from "rpcgen/runtime";',
      'import type * as common from "./common.js";',
      'import { type Money as Money$1, Money$schema } from "./other.js";',
    ]);
  });
});
