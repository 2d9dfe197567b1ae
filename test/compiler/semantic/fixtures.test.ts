import { expect } from "chai";
import { fileURLToPath } from "node:url";
import { analyze } from "../../../compiler/frontend.js";
import { readFileOrUndefined } from "../../../compiler/semantic/load.js";

const dir = fileURLToPath(new URL("../../../../test/fixtures/frontend/", import.meta.url));

describe("the spec's complete example", () => {
  it("analyzes from disk with zero diagnostics, imports resolved", () => {
    const r = analyze([{ path: `${dir}orders.idl`, relativePath: "orders.idl" }]);
    expect(r.diagnostics.map((d) => `${d.span.file}:${d.span.start.line}: ${d.code} ${d.message}`)).to.deep.equal([]);
    expect(r.program.files.map((f) => f.relativePath)).to.deep.equal(["orders.idl", "common.idl", "audit.idl"]);
    const orders = r.program.files[0]!;
    expect(orders.package!.name.parts.map((p) => p.text).join(".")).to.equal("shop.orders");
    expect(orders.doc!.text).to.equal("Orders of the shop.");
    const status = orders.declarations.find((d) => d.name.text === "Status");
    expect(status?.kind === "enum" && status.values.map((v) => v.value)).to.deep.equal([1, 2, 3, 4]);
    const svc = orders.declarations.find((d) => d.kind === "service");
    if (svc?.kind !== "service") return expect.fail("service expected");
    expect(svc.methods.map((m) => m.name.text)).to.deep.equal(["get", "place", "search", "track"]);
    expect(svc.methods[0]!.throws[0]!.resolved?.decl.name.text).to.equal("NotFound");
    const item = orders.declarations.find((d) => d.name.text === "Item");
    const price = item?.kind === "struct" ? item.fields[2]!.type : undefined;
    expect(price?.kind === "named" && price.resolved?.file.relativePath).to.equal("common.idl");
  });

  it("warns where the deprecated Status.VOID would be used", () => {
    const r = analyze([{ path: "/virtual/use.idl", relativePath: "use.idl" }], {
      readFile: (p) => (p === "/virtual/use.idl" ? 'import "orders.idl";\nconst Status S = Status.VOID;' : readFileOrUndefined(p)),
      includeDirs: [dir],
    });
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).to.deep.equal(["RPC2070 'Status.VOID' is deprecated: use CANCELLED"]);
  });
});
