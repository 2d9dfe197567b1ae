/**
 * `rpcgen call` in-process (callMain / runCall) against a shop OrderService
 * over a real socket: the JSON form of every shop type, typed errors,
 * validation before sending, oneway, --list, metadata, timeout, stdin, and a
 * registry target.
 */
import * as net from "node:net";
import { Readable } from "node:stream";
import { expect } from "chai";
import { callMain } from "../../../bin/call/cli.js";
import { runCall, type CallCommand } from "../../../bin/call/call.js";
import { createClient } from "../../../runtime/client/channel.js";
import type { RpcError } from "../../../runtime/errors.js";
import { MemoryRegistry } from "../../../runtime/registry/memory.js";
import { createServer } from "../../../runtime/server/server.js";
import type { ServiceDescriptor } from "../../../runtime/schema/types.js";
import { sampleOrder, shopDir, startShop, type ShopFixture } from "./call-fixture.js";

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], stdin = ""): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const code = await callMain(args, Readable.from([stdin]), { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** The JSON of `sampleOrder(id)` in the documented form. */
function orderJson(id: string): unknown {
  return {
    id,
    status: "PAID",
    items: [{ sku: "A1", quantity: 2, unitPrice: { units: "1999", currency: "EUR" } }],
    labels: { gift: "yes" },
    createdAt: "2026-01-02T03:04:05.678Z",
    version: "9007199254740993",
    discount: 0.25,
    total: { units: "3998", currency: "EUR" },
    receipt: { id: "r1", orderId: id, amount: { units: "3998", currency: "EUR" }, chargedAt: "2026-01-02T03:04:06.000Z", signature: "AQL6" },
    history: { APP: 3 },
  };
}

describe("rpcgen call (in-process)", function () {
  this.timeout(30_000);
  let shop: ShopFixture;
  const base = (): string[] => ["--idl", shopDir, "--target", shop.target];

  before(async () => {
    shop = await startShop();
  });
  after(async () => {
    await shop.close();
  });

  it("prints the result in the JSON form: int64 as text, bytes base64, timestamps RFC 3339, enums and enum map keys by name", async () => {
    const r = await cli([...base(), "shop.orders.OrderService/get", '{"id":"42"}']);
    expect(r.stderr).to.equal("");
    expect(r.code).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal(orderJson("42"));
    expect(shop.seen.get("get")!.at(-1)!.request).to.deep.equal({ id: "42" });
    expect(sampleOrder("x")["version"]).to.equal(9007199254740993n);
  });

  it("reads arguments in the JSON form: int64 as text or number, unions, maps, enums by name or number", async () => {
    const args = {
      items: [{ sku: "A1", unitPrice: { units: "9007199254740993" } }, { sku: "B2", quantity: 3, unitPrice: { units: 5, currency: "USD" } }],
      method: { kind: "giftCard", value: { number: "1234567812345678", pin: "0000" } },
      shipTo: { name: "Ann", lines: ["1 Road"], city: "Paris", postalCode: "75001", country: "FR" },
    };
    const r = await cli([...base(), "OrderService/place", "--compact", JSON.stringify(args)]);
    expect(r.stderr).to.equal("");
    expect(r.code).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal(orderJson("placed"));
    const got = shop.seen.get("place")!.at(-1)!.request;
    expect(got["items"]).to.deep.equal([
      { sku: "A1", quantity: 1, unitPrice: { units: 9007199254740993n, currency: "EUR" } },
      { sku: "B2", quantity: 3, unitPrice: { units: 5n, currency: "USD" } },
    ]);
    expect(got["method"]).to.deep.equal({ kind: "giftCard", value: { number: "1234567812345678", pin: "0000" } });

    const single = await cli([...base(), "OrderService/place", JSON.stringify({ ...args, method: { walletId: "w1" } })]);
    expect(single.code).to.equal(0);
    expect(shop.seen.get("place")!.at(-1)!.request["method"]).to.deep.equal({ kind: "walletId", value: "w1" });

    for (const status of ['"PAID"', "2"]) {
      const s = await cli([...base(), "shop.orders.OrderService/search", `{"query":"x","status":${status}}`]);
      expect(s.code).to.equal(0);
      expect(JSON.parse(s.stdout)).to.deep.equal([]);
      expect(shop.seen.get("search")!.at(-1)!.request).to.deep.equal({ query: "x", limit: 20, status: 2 });
    }
  });

  it("a typed IDL error: exit 1, its full name and fields on stderr", async () => {
    const r = await cli([...base(), "shop.orders.OrderService/get", '{"id":"missing"}']);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.equal("");
    expect(r.stderr).to.equal('rpcgen call: shop.orders.OrderNotFound {"id":"missing"}\n');
  });

  it("an RpcError: exit 1 with its code and message", async () => {
    const gone = await cli(["--idl", shopDir, "--target", "static://127.0.0.1:1", "--timeout", "2s", "shop.orders.OrderService/get", '{"id":"1"}']);
    expect(gone.code).to.equal(1);
    expect(gone.stderr).to.match(/^rpcgen call: (UNAVAILABLE|DEADLINE_EXCEEDED): /);
  });

  it("validates before sending, with the server's message and the field path; nothing reaches the target", async () => {
    let connections = 0;
    const listener = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const port = (listener.address() as net.AddressInfo).port;
    try {
      const bad = '{"items":[{"sku":"A1","quantity":0,"unitPrice":{"units":"1"}}],"method":{"walletId":"w"}}';
      const r = await cli(["--idl", shopDir, "--target", `static://127.0.0.1:${port}`, "shop.orders.OrderService/place", bad]);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.equal("rpcgen call: INVALID_ARGUMENT: place: items[0].quantity: must be at least 1, got 0 (nothing was sent)\n");
      const missing = await cli(["--idl", shopDir, "--target", `static://127.0.0.1:${port}`, "shop.orders.OrderService/get", "{}"]);
      expect(missing.stderr).to.contain("get: id: is required");
      const unknown = await cli(["--idl", shopDir, "--target", `static://127.0.0.1:${port}`, "shop.orders.OrderService/get", '{"id":"1","ID":"2"}']);
      expect(unknown.code).to.equal(2);
      expect(unknown.stderr).to.contain('unknown field "ID"');
      expect(connections).to.equal(0);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it("gives the message the server gives for the same arguments", async () => {
    const search = shop.set.services.get("shop.orders.OrderService")!.methods["search"]!;
    const client = createClient({ target: shop.target, validate: false });
    let serverMessage = "";
    try {
      await client.unary(search, { query: "q", limit: 1000 });
    } catch (e) {
      expect((e as RpcError).code).to.equal("INVALID_ARGUMENT");
      serverMessage = (e as RpcError).message;
    } finally {
      await client.close();
    }
    expect(serverMessage).to.equal("search: limit: must be at most 100, got 1000");
    const r = await cli([...base(), "shop.orders.OrderService/search", '{"query":"q","limit":1000}']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(`rpcgen call: INVALID_ARGUMENT: ${serverMessage} (nothing was sent)\n`);
  });

  it("calls a oneway method as oneway: nothing printed, the handler runs", async () => {
    const r = await cli([...base(), "shop.orders.OrderService/track", '{"event":"click","props":{"page":"home"}}']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal("");
    expect(r.stderr).to.contain("oneway shop.orders.OrderService/track sent");
    const seen = await shop.tracked;
    expect(seen.request).to.deep.equal({ event: "click", props: new Map([["page", "home"]]) });
  });

  it("--metadata and --timeout reach the handler (ctx.metadata, ctx.deadline)", async () => {
    const r = await cli([...base(), "-m", "tenant=acme", "--metadata", "x-req=7=8", "--timeout", "60s", "shop.orders.OrderService/get", '{"id":"m"}']);
    const after = Date.now();
    expect(r.code).to.equal(0);
    const { ctx } = shop.seen.get("get")!.at(-1)!;
    expect(ctx.metadata["tenant"]).to.equal("acme");
    expect(ctx.metadata["x-req"]).to.equal("7=8");
    // OrderService's own @timeout is 2 s: only --timeout 60s puts the deadline this far out.
    expect(ctx.deadline).to.be.above(after + 10_000);
    expect(ctx.deadline).to.be.at.most(after + 60_000);
  });

  it("-d @- reads the arguments from stdin", async () => {
    const r = await cli([...base(), "-d", "@-", "shop.orders.OrderService/get"], '{"id":"from-stdin"}');
    expect(r.code).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal(orderJson("from-stdin"));
  });

  it("--list prints every service with its method signatures", async () => {
    const r = await cli(["--idl", shopDir, "--list"]);
    expect(r.code).to.equal(0);
    const lines = r.stdout.split("\n");
    expect(lines).to.include("shop.orders.OrderService");
    expect(lines).to.include("  shop.orders.OrderService/get(id: string): shop.orders.Order throws shop.orders.OrderNotFound");
    expect(lines).to.include("  shop.orders.OrderService/search(query: string, limit: int32 = 20, status: optional shop.orders.OrderStatus): list<shop.orders.Order>");
    expect(lines).to.include("  oneway shop.orders.OrderService/track(event: string, props: map<string, string>)");
    expect(lines).to.include("shop.payments.PaymentService (version 2.1.0)");
  });

  it("bad usage exits 2 and says what to do: unknown method, bad JSON, no target", async () => {
    const noMethod = await cli([...base(), "shop.orders.OrderService/nope"]);
    expect([noMethod.code, noMethod.stderr]).to.deep.equal([2, "rpcgen call: shop.orders.OrderService has no method \"nope\" (methods: health, get, place, search, cancel, track, listAll)\n"]);
    const badJson = await cli([...base(), "shop.orders.OrderService/get", "{id:1}"]);
    expect(badJson.code).to.equal(2);
    expect(badJson.stderr).to.contain("not valid JSON");
    const noTarget = await cli(["--idl", shopDir, "shop.orders.OrderService/get"]);
    expect(noTarget.code).to.equal(2);
    expect(noTarget.stderr).to.contain("--target");
  });

  it("a registry target: the call finds the instance through the registry", async () => {
    const registry = new MemoryRegistry();
    const orders = shop.set.services.get("shop.orders.OrderService") as ServiceDescriptor;
    const server = createServer({ registry }).add(orders, Object.fromEntries(Object.keys(orders.methods).map((m) => [m, (req: { id: string }) => sampleOrder(req.id)])));
    await server.listen({ host: "127.0.0.1", port: 0, register: true });
    try {
      let stdout = "";
      const cmd: CallCommand = { idl: [shopDir], target: "registry://", registry, method: "shop.orders.OrderService/get", data: '{"id":"reg"}' };
      const code = await runCall(cmd, { stdout: (t) => (stdout += t), stderr: () => undefined });
      expect(code).to.equal(0);
      expect(JSON.parse(stdout)).to.deep.equal(orderJson("reg"));
    } finally {
      await server.close();
    }
  });
});
