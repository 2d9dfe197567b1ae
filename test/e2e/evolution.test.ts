/**
 * Adding an optional parameter keeps callers and handlers source-compatible
 * and wire-compatible. The shop is generated twice by the compiler (as the CLI runs it): as it is,
 * and with `4: optional string coupon` added to `OrderService.place`. The same
 * user code (a handler that reads `ctx`, a caller that passes call options)
 * is type-checked against both and run in every old/new pairing of client
 * and server.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import ts from "typescript";
import { createClient } from "../../runtime/index.js";
import { generateFromIdl, repoRoot, type Generated } from "../helpers/generate.js";
import { forgetParsedFiles, strictOptions, typeErrors } from "../helpers/typecheck.js";

/** The user's code, written once against the shop without `coupon`. */
const APP = `
import { createClient, createServer, type CallContext } from "rpcgen/runtime";
import { OrderService, OrderServiceClient, type OrderInit, type OrderServiceHandler } from "./orders.js";

const order: OrderInit = { id: "o-1", items: [], labels: new Map(), createdAt: new Date(0), version: 1n, total: { units: 5n }, history: new Map() };

/** Serves OrderService; \`place\` answers with what it read from the request and the context. */
export async function serve(): Promise<{ target: string; requests: object[]; close(): Promise<void> }> {
  const requests: object[] = [];
  const handler: OrderServiceHandler = {
    health: () => ({ serving: true, version: "1", startedAt: new Date() }),
    get: ({ id }) => ({ ...order, id }),
    async place(request, ctx: CallContext) {
      requests.push(request);
      // At most the caller's 1500 ms timeout (the service default is 2 s): the options arrived.
      const left = ctx.deadline - Date.now();
      return { ...order, note: \`\${ctx.metadata["x-user"]} \${request.items.length} \${request.method.kind} \${left <= 1500}\` };
    },
    search: () => [],
    cancel: ({ id }) => ({ ...order, id }),
    track: () => undefined,
    listAll: () => [],
  };
  const server = createServer();
  server.add(OrderService, handler);
  const { port } = await server.listen({ host: "127.0.0.1", port: 0 });
  return { target: \`static://127.0.0.1:\${port}\`, requests, close: () => server.close() };
}

/** Places an order with call options; returns the note the server wrote. */
export async function call(target: string): Promise<string> {
  const channel = createClient({ target });
  try {
    const placed = await new OrderServiceClient(channel).place(
      { items: [{ sku: "A-1", unitPrice: { units: 5n } }], method: { kind: "cardToken", value: "t" } },
      { timeout: 1500, metadata: { "x-user": "ada" } },
    );
    return placed.note ?? "";
  } finally {
    await channel.close();
  }
}
`;

interface App {
  serve(): Promise<{ target: string; requests: Record<string, unknown>[]; close(): Promise<void> }>;
  call(target: string): Promise<string>;
}

type Module = Record<string, unknown>;
type ClientClass = new (channel: ReturnType<typeof createClient>) => { place(request: object, options?: object): Promise<{ note?: string }> };

describe("e2e: adding an optional parameter (4: optional string coupon) breaks no caller and no handler", function () {
  this.timeout(120_000);
  const sources = path.join(repoRoot, ".out", `evolution-${randomBytes(6).toString("hex")}`);
  const versions: Record<"old" | "new", { gen?: Generated; app?: App; orders?: Module }> = { old: {}, new: {} };

  before(async () => {
    for (const v of ["old", "new"] as const) {
      const dir = path.join(sources, v);
      fs.cpSync(path.join(repoRoot, "idl-examples/shop"), dir, { recursive: true });
      if (v === "new") {
        const file = path.join(dir, "orders.idl");
        const idl = fs.readFileSync(file, "utf8");
        const changed = idl.replace("3: optional common.Address shipTo\n", "3: optional common.Address shipTo,\n    4: optional string coupon\n");
        expect(changed, "the IDL edit applies").to.not.equal(idl);
        fs.writeFileSync(file, changed);
      }
      const gen = await generateFromIdl([dir]);
      fs.writeFileSync(path.join(gen.outDir, "app.ts"), APP);
      fs.writeFileSync(path.join(gen.outDir, "app.js"), ts.transpileModule(APP, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
      versions[v] = { gen, app: (await import(pathToFileURL(path.join(gen.outDir, "app.js")).href)) as App, orders: await gen.load("orders.ts") };
    }
  });

  after(async () => {
    for (const v of Object.values(versions)) await v.gen?.remove();
    fs.rmSync(sources, { recursive: true, force: true });
    forgetParsedFiles(); // the last file that type-checks: later tests (heap measurements) run on a small heap
  });

  it("the new IDL really has the parameter (the request types gained it)", () => {
    const text = (v: "old" | "new") => fs.readFileSync(path.join(versions[v].gen!.outDir, "orders.ts"), "utf8");
    expect(text("new")).to.contain("coupon?: string | undefined;");
    expect(text("old")).to.not.contain("coupon");
  });

  it("the same user code compiles under --strict against both", () => {
    const files = (["old", "new"] as const).map((v) => path.join(versions[v].gen!.outDir, "app.ts"));
    expect(typeErrors(files, { ...strictOptions, skipLibCheck: true })).to.deep.equal([]);
  });

  for (const [client, server] of [["old", "old"], ["old", "new"], ["new", "old"], ["new", "new"]] as const) {
    it(`runs: ${client} client -> ${server} server; options and ctx arrive where they did`, async () => {
      const served = await versions[server].app!.serve();
      try {
        expect(await versions[client].app!.call(served.target)).to.equal("ada 1 cardToken true");
        expect(Object.keys(served.requests[0]!).sort()).to.deep.equal(["items", "method"]);
      } finally {
        await served.close();
      }
    });
  }

  it("a new caller's coupon reaches a new handler, and an old handler ignores it", async () => {
    for (const server of ["new", "old"] as const) {
      const served = await versions[server].app!.serve();
      const channel = createClient({ target: served.target });
      try {
        const Client = versions.new.orders!["OrderServiceClient"] as ClientClass;
        const request = { items: [{ sku: "A-1", unitPrice: { units: 5n } }], method: { kind: "cardToken", value: "t" }, coupon: "SPRING" };
        expect((await new Client(channel).place(request, { timeout: 1500, metadata: { "x-user": "bo" } })).note).to.equal("bo 1 cardToken true");
        expect(served.requests[0]!["coupon"]).to.equal(server === "new" ? "SPRING" : undefined);
      } finally {
        await channel.close();
        await served.close();
      }
    }
  });
});
