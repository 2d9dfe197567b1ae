/**
 * One test per RPC3xxx diagnostic: names that cannot be emitted as written
 * are errors with a suggested rename, and nothing is emitted.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { compile } from "../../../compiler/index.js";
import type { Diagnostic } from "../../../compiler/diagnostics.js";
import { compileMemory, emitOne } from "./harness.js";

function only(source: string, code: string): Diagnostic[] {
  const r = compileMemory({ "a.idl": source });
  expect(r.files.size, "nothing is emitted when a name cannot be").to.equal(0);
  const found = r.diagnostics.filter((d) => d.code === code);
  expect(found, `expected ${code} in ${JSON.stringify(r.diagnostics.map((d) => d.code))}`).to.not.be.empty;
  return found;
}

function at(d: Diagnostic, line: number, column: number): void {
  expect({ line: d.span.start.line, column: d.span.start.column }).to.deep.equal({ line, column });
  expect(d.category).to.equal("error");
}

describe("emit name checks (RPC3xxx)", () => {
  it("RPC3001: a reserved word as a type, constant, service or import alias", () => {
    const ds = only(["struct delete { 1: string x; }", "const int32 yield = 1;", "service new { void m(); }"].join("\n"), "RPC3001");
    expect(ds.map((d) => d.message.split("'")[1])).to.deep.equal(["delete", "yield", "new"]);
    at(ds[0]!, 1, 8);
    at(ds[2]!, 3, 9);
    expect(ds[0]!.message).to.equal("'delete' is a reserved word in JavaScript and cannot name a struct in generated code");
    expect(ds[0]!.hint).to.equal("rename it, for example to 'delete_'");

    const alias = compileMemory({ "a.idl": 'import "b.idl" as class;\nstruct A { 1: class.B b; }', "b.idl": "struct B { 1: string x; }" }, ["a.idl"]);
    const d = alias.diagnostics.find((x) => x.code === "RPC3001");
    expect(d?.message).to.contain("an import alias");
    at(d!, 1, 19);
  });

  it("RPC3002: a built-in TypeScript type name as a type", () => {
    const [d] = only("struct number { 1: string x; }", "RPC3002");
    at(d!, 1, 8);
    expect(d!.message).to.equal("'number' is a built-in TypeScript type name and cannot name a struct");
    // As a constant it is fine: only types are restricted.
    expect(emitOne("const int32 number = 1;")).to.contain("export const number = 1;");
  });

  it("RPC3003: a top-level name that shadows a global generated code uses", () => {
    const ds = only("struct Map { 1: string x; }\nenum Promise { A; }", "RPC3003");
    expect(ds.map((d) => d.message)).to.deep.equal([
      "'Map' would shadow the global 'Map' that generated code uses",
      "'Promise' would shadow the global 'Promise' that generated code uses",
    ]);
    at(ds[1]!, 2, 6);
  });

  it("RPC3004: a name that clashes with a generated client, handler, request type or write shape", () => {
    const ds = only(
      [
        "service Orders { void a(); }",
        "struct OrdersClient { 1: string x; }",
        "struct OrdersClientOptions { 1: string x; }",
        "struct OrdersHandler { 1: string x; }",
        "struct OrdersARequest { 1: string x; }",
        "struct OrdersARequestInit { 1: string x; }",
        "struct Money { 1: string x; }",
        "struct MoneyInit { 1: string x; }",
      ].join("\n"),
      "RPC3004",
    );
    expect(ds.map((d) => d.message)).to.deep.equal([
      "'OrdersClient' clashes with the client class generated for 'Orders'",
      "'OrdersClientOptions' clashes with the client options interface generated for 'Orders'",
      "'OrdersHandler' clashes with the handler interface generated for 'Orders'",
      "'OrdersARequest' clashes with the request type generated for 'Orders'",
      "'OrdersARequestInit' clashes with the write shape generated for 'OrdersARequest'",
      "'MoneyInit' clashes with the write shape generated for 'Money'",
    ]);
    at(ds[0]!, 2, 8);
    // Two methods whose request types would share a name: the later one is reported.
    const [twice] = only("service S { void place(); void Place(); }", "RPC3004");
    expect(twice!.message).to.equal("'SPlaceRequest' clashes with the request type generated for 'S'");
    at(twice!, 1, 32);
    const alias = compileMemory({ "a.idl": 'import "b.idl" as SClient;\nservice S { SClient.B m(); }', "b.idl": "struct B { 1: string x; }" }, ["a.idl"]);
    expect(alias.diagnostics.map((d) => d.code)).to.include("RPC3004");
  });

  it("RPC3005: a field, parameter or enum value the decoder would drop", () => {
    const ds = only("struct A { 1: string __proto__; 2: string constructor; 3: string prototype; }\nenum E { __proto__; }\nservice S { void m(1: string prototype); }", "RPC3005");
    expect(ds.map((d) => d.message.split("'")[1])).to.deep.equal(["__proto__", "constructor", "prototype", "__proto__", "prototype"]);
    expect(ds[3]!.message).to.contain("an enum value");
    expect(ds[4]!.message).to.contain("a parameter");
    at(ds[1]!, 1, 43);
  });

  it("RPC3006: an error field named like a method every Error has", () => {
    const [d] = only("error Boom { 1: string toString; }", "RPC3006");
    at(d!, 1, 24);
    expect(d!.message).to.equal("field 'toString' of error 'Boom' clashes with the 'toString' method every Error has");
    expect(d!.hint).to.equal("rename it, for example to 'toString_'");
    // In a struct the same name is harmless.
    expect(emitOne("struct A { 1: string toString; }")).to.contain("toString: string;");
  });

  it("RPC3007: client method names that break the client (then, constructor, broadcast), own or inherited", () => {
    const ds = only("service S { void then(); void constructor(); void broadcast(); }", "RPC3007");
    expect(ds.map((d) => d.message.split("'")[1])).to.deep.equal(["then", "constructor", "broadcast"]);
    expect(ds[2]!.message).to.contain("calls every instance");
    expect(ds[0]!.message).to.contain("taken for a promise");
    expect(ds[0]!.hint).to.equal("rename it, for example to 'then_'");
    at(ds[0]!, 1, 18);
    const inherited = compileMemory({ "a.idl": 'import "b.idl";\nservice S extends Base { void x(); }', "b.idl": "service Base { void then(); }" }, ["a.idl"]);
    const d = inherited.diagnostics.find((x) => x.code === "RPC3007");
    expect(d?.span.file).to.equal("/mem/b.idl");
  });

  it("RPC3004: a declaration named like a service's generated broadcast class", () => {
    const [d] = only("service S { void x(); }\nstruct SBroadcast { 1: string a; }", "RPC3004");
    expect(d!.message).to.contain("broadcast class");
  });

  it("RPC3009: two inputs generated to the same path", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rpcgen-names-"));
    try {
      for (const sub of ["one", "two"]) {
        fs.mkdirSync(path.join(dir, sub));
        fs.writeFileSync(path.join(dir, sub, "x.idl"), "struct X { 1: string a; }\n");
      }
      const r = compile([path.join(dir, "one/x.idl"), path.join(dir, "two/x.idl")], { check: true });
      const d = r.diagnostics.find((x) => x.code === "RPC3009");
      expect(d, JSON.stringify(r.diagnostics)).to.not.equal(undefined);
      expect(d!.message).to.contain("'x.ts'");
      expect(d!.span.file).to.equal(path.join(dir, "two/x.idl"));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names that only look dangerous are emitted: reserved words as fields, parameters and methods, runtime names as types", () => {
    const text = emitOne(
      ["struct Channel { 1: string delete; 2: string class; }", "service S { Channel new(1: Channel in, 2: string options, 3: string ctx, 4: string S, 5: string arguments); }"].join("\n"),
    );
    expect(text).to.contain("Channel as $Channel");
    expect(text).to.contain("delete: string;");
    // Parameters are keys of the request object: any name works, the service's own included.
    expect(text).to.contain("export interface SNewRequest {\n  in: Channel;\n  options: string;\n  ctx: string;\n  S: string;\n  arguments: string;\n}");
    expect(text).to.contain("new(request: SNewRequestInit, options?: CallOptions): Promise<Channel>");
    expect(text).to.contain("new(request: SNewRequest, ctx: CallContext): Promise<ChannelInit> | ChannelInit;");
  });
});
