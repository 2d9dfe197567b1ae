import { expect } from "chai";
import type { Field, IntLiteral, Literal, NamedType } from "../../../compiler/ast.js";
import { declNamed, parseOk } from "./helpers.js";

function names(n: NamedType): string {
  return n.name.parts.map((p) => p.text).join(".");
}

describe("parser", () => {
  it("parses a package declaration", () => {
    const f = parseOk("package shop.orders;");
    expect(f.package!.name.parts.map((p) => p.text)).to.deep.equal(["shop", "orders"]);
  });

  it("parses both import forms", () => {
    const f = parseOk('import "common.idl" as common;\nimport "audit.idl";');
    expect(f.imports).to.have.length(2);
    expect(f.imports[0]!.path.value).to.equal("common.idl");
    expect(f.imports[0]!.alias!.text).to.equal("common");
    expect(f.imports[1]!.path.value).to.equal("audit.idl");
    expect(f.imports[1]!.alias).to.equal(undefined);
  });

  it("parses constants of every literal kind", () => {
    const f = parseOk(`
      const int32 A = 42;
      const int32 B = -7;
      const int32 C = 0x1F;
      const float64 D = 1.5;
      const float64 E = -2e3;
      const string F = "a\\"b\\\\c\\nd\\te\\u{1F600}";
      const bool G = true;
      const bool H = false;
      const int64 I = 250ms;
      const int64 J = 2s;
      const int64 K = 1m;
      const int64 L = 1h;
      const list<int32> M = [1, 2, 3];
      const int32 N = MAX_PAGE;
      const Status O = Status.PAID;
      const int64 P = common.ZERO;
      const list<string> Q = [];
    `);
    const value = (name: string): Literal => declNamed(f, "const", name).value;
    expect((value("A") as IntLiteral).value).to.equal(42n);
    expect((value("B") as IntLiteral).value).to.equal(-7n);
    expect(value("C")).to.include({ kind: "int", value: 31n, text: "0x1F" });
    expect(value("D")).to.include({ kind: "float", value: 1.5 });
    expect(value("E")).to.include({ kind: "float", value: -2000 });
    expect(value("F")).to.include({ kind: "string", value: 'a"b\\c\nd\te\u{1F600}' });
    expect(value("G")).to.include({ kind: "bool", value: true });
    expect(value("H")).to.include({ kind: "bool", value: false });
    expect(value("I")).to.include({ kind: "duration", millis: 250 });
    expect(value("J")).to.include({ kind: "duration", millis: 2000 });
    expect(value("K")).to.include({ kind: "duration", millis: 60_000 });
    expect(value("L")).to.include({ kind: "duration", millis: 3_600_000 });
    const m = value("M");
    expect(m.kind).to.equal("list");
    if (m.kind === "list") expect(m.items.map((i) => (i as IntLiteral).value)).to.deep.equal([1n, 2n, 3n]);
    for (const [name, ref] of [["N", "MAX_PAGE"], ["O", "Status.PAID"], ["P", "common.ZERO"]] as const) {
      const v = value(name);
      expect(v.kind).to.equal("ref");
      if (v.kind === "ref") expect(v.name.parts.map((p) => p.text).join(".")).to.equal(ref);
    }
    expect(value("Q")).to.deep.include({ kind: "list", items: [] });
  });

  it("parses enums with implicit and explicit values", () => {
    const f = parseOk("enum E { A; B = 5; @deprecated C; D = -1; }");
    const e = declNamed(f, "enum", "E");
    expect(e.values.map((v) => v.name.text)).to.deep.equal(["A", "B", "C", "D"]);
    expect(e.values.map((v) => v.explicit?.value)).to.deep.equal([undefined, 5n, undefined, -1n]);
    expect(e.values[2]!.annotations.map((a) => a.name.text)).to.deep.equal(["deprecated"]);
  });

  it("parses struct, union and error declarations", () => {
    const f = parseOk("struct S { 1: string a; } union U { 1: string a; 2: int32 b; } error Err { 1: string id; }");
    expect(declNamed(f, "struct", "S").fields).to.have.length(1);
    expect(declNamed(f, "union", "U").fields).to.have.length(2);
    expect(declNamed(f, "error", "Err").fields[0]!.name.text).to.equal("id");
  });

  it("parses fields with optional, defaults, types and annotations before and after", () => {
    const f = parseOk(`struct S {
      @deprecated("old") 1: optional string a = "x" @len(max = 3);
      2: list<map<string, common.Money>> b;
      3: bool c @foo @bar(1);
    }`);
    const [a, b, c] = declNamed(f, "struct", "S").fields as [Field, Field, Field];
    expect(a.optional).to.equal(true);
    expect(a.optionalSpan!.start).to.include({ line: 2, column: 29 });
    expect(a.id.value).to.equal(1n);
    expect(a.default).to.include({ kind: "string", value: "x" });
    expect(a.annotations.map((x) => x.name.text)).to.deep.equal(["deprecated", "len"]);
    expect(b.optional).to.equal(false);
    expect(b.type.kind).to.equal("listType");
    if (b.type.kind === "listType" && b.type.element.kind === "mapType") {
      expect(b.type.element.key).to.include({ kind: "primitive", name: "string" });
      expect(names(b.type.element.value as NamedType)).to.equal("common.Money");
    } else expect.fail("list<map<...>> expected");
    expect(c.annotations.map((x) => x.name.text)).to.deep.equal(["foo", "bar"]);
  });

  it("parses every primitive type", () => {
    const f = parseOk("struct S { 1: bool a; 2: int32 b; 3: int64 c; 4: float64 d; 5: string e; 6: bytes f; 7: timestamp g; }");
    expect(declNamed(f, "struct", "S").fields.map((x) => (x.type.kind === "primitive" ? x.type.name : x.type.kind))).to.deep.equal([
      "bool",
      "int32",
      "int64",
      "float64",
      "string",
      "bytes",
      "timestamp",
    ]);
  });

  it("parses a service with extends, oneway, throws and parameters", () => {
    const f = parseOk(`
      @timeout(800ms) service S extends base.Other {
        @idempotent Order get(1: string id) throws (NotFound, common.Gone);
        oneway void track(1: string event, 2: optional map<string, string> props = [] @x);
        list<Order> none();
      }`);
    const s = declNamed(f, "service", "S");
    expect(names(s.extends!)).to.equal("base.Other");
    expect(s.annotations[0]!.name.text).to.equal("timeout");
    const [get, track, none] = s.methods;
    expect(get!.name.text).to.equal("get");
    expect(get!.returns.kind).to.equal("named");
    expect(get!.throws.map(names)).to.deep.equal(["NotFound", "common.Gone"]);
    expect(get!.throwsSpan!.start.column).to.equal(45);
    expect(track!.oneway).to.equal(true);
    expect(track!.onewaySpan!.start).to.include({ line: 4, column: 9 });
    expect(track!.returns.kind).to.equal("void");
    expect(track!.params.map((p) => [p.name.text, p.optional])).to.deep.equal([
      ["event", false],
      ["props", true],
    ]);
    expect(track!.params[1]!.annotations[0]!.name.text).to.equal("x");
    expect(none!.params).to.deep.equal([]);
    expect(none!.throws).to.deep.equal([]);
  });

  it("parses the three annotation forms", () => {
    const f = parseOk('@a @b() @c("x") @d(min = 1, max = MAX) struct S {}');
    const [a, b, c, d] = declNamed(f, "struct", "S").annotations;
    expect([a!.hasParens, a!.args.length]).to.deep.equal([false, 0]);
    expect([b!.hasParens, b!.args.length]).to.deep.equal([true, 0]);
    expect(c!.args[0]!.name).to.equal(undefined);
    expect(c!.args[0]!.value).to.include({ kind: "string", value: "x" });
    expect(d!.args.map((x) => x.name!.text)).to.deep.equal(["min", "max"]);
    expect(d!.args[1]!.value.kind).to.equal("ref");
  });

  it("allows field names that are not keywords, such as message and code", () => {
    const f = parseOk("struct S { 1: string message; 2: int32 code; 3: string structure; }");
    expect(declNamed(f, "struct", "S").fields.map((x) => x.name.text)).to.deep.equal(["message", "code", "structure"]);
  });

  it("records spans of names, fields and declarations", () => {
    const f = parseOk("package p;\n\nstruct Order {\n\t1: string id;\n}\n");
    const s = declNamed(f, "struct", "Order");
    expect(s.span.start).to.include({ line: 3, column: 1 });
    expect(s.span.end).to.include({ line: 5, column: 2 });
    expect(s.name.span.start).to.deep.equal({ offset: 19, line: 3, column: 8 });
    expect(s.name.span.end.column).to.equal(13);
    const id = s.fields[0]!;
    expect(id.id.span.start).to.include({ line: 4, column: 2 });
    expect(id.name.span.start).to.include({ line: 4, column: 12 });
    expect(id.type.span.start).to.include({ line: 4, column: 5 });
  });

  it("parses the spec's complete example without diagnostics", async () => {
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(new URL("../../../../test/fixtures/frontend/orders.idl", import.meta.url), "utf8");
    const f = parseOk(text);
    expect(f.declarations.map((d) => `${d.kind} ${d.name.text}`)).to.deep.equal([
      "const MAX_PAGE",
      "enum Status",
      "struct Item",
      "struct Order",
      "union Payment",
      "error NotFound",
      "error OutOfStock",
      "service OrderService",
    ]);
  });
});
