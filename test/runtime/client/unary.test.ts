/** Unary and oneway calls through createClient over real sockets. */
import { expect } from "chai";
import { createClient, type RpcClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { Echo, EchoNope, Ghost, NotFound } from "../../helpers/descriptors.js";
import { rejectionOf, startEcho, waitFor, type Started } from "../../helpers/echo-server.js";

const m = Echo.methods;

describe("client: unary and oneway calls", function () {
  let started: Started;
  let client: RpcClient;
  before(async () => {
    started = await startEcho();
    client = createClient({ target: started.target });
  });
  after(async () => {
    await client.close();
    await started.server.close({ timeoutMs: 1000 });
  });

  it("round-trips a call and keeps one connection for many calls in flight", async () => {
    expect(await client.unary(m["echo"]!, { text: "hello" })).to.equal("hello");
    const texts = Array.from({ length: 200 }, (_, i) => `t${i}`);
    const results = await Promise.all(texts.map((t) => client.unary(m["echo"]!, { text: t })));
    expect(results).to.deep.equal(texts);
    expect(client.stats()).to.deep.equal({ pending: 0, connections: 1, poolSlots: 1, unhealthy: 0 });
  });

  it("works with the JSON serializer and with gzip above the threshold", async () => {
    const json = createClient({ target: started.target, serializer: "json" });
    const gz = createClient({ target: started.target, compression: "gzip", compressionThreshold: 100 });
    try {
      expect(await json.unary(m["echo"]!, { text: "über" })).to.equal("über");
      const big = "abc".repeat(10_000);
      expect(await gz.unary(m["echo"]!, { text: big })).to.equal(big);
      expect(await client.unary(m["echo"]!, { text: big }, { compression: "gzip" })).to.equal(big);
    } finally {
      await json.close();
      await gz.close();
    }
  });

  it("rejects with the generated IDL error class, fields intact", async () => {
    const error = await rejectionOf(client.unary(m["fail"]!, { how: "notfound" }));
    expect(error).to.be.instanceOf(NotFound);
    expect((error as NotFound).id).to.equal("42");
    expect((error as NotFound).code).to.equal(7);
  });

  it("passes an RpcError's code, message and details through", async () => {
    const error = (await rejectionOf(client.unary(m["fail"]!, { how: "rpc" }))) as RpcError;
    expect(error).to.be.instanceOf(RpcError);
    expect(error.code).to.equal(Code.PERMISSION_DENIED);
    expect(error.message).to.equal("admins only");
    expect(error.details).to.deep.equal({ role: "admin" });
    expect(error.notProcessed).to.equal(false);
  });

  it("passes the codes gRPC has and rpcgen lacked (they arrived as UNKNOWN before)", async () => {
    for (const code of [Code.ALREADY_EXISTS, Code.ABORTED, Code.OUT_OF_RANGE, Code.DATA_LOSS]) {
      const error = (await rejectionOf(client.unary(m["fail"]!, { how: `code:${code}` }))) as RpcError;
      expect(error.code).to.equal(code);
      expect(String(error)).to.equal(`RpcError: [${code}] as asked`);
    }
  });

  it("points the rejection's stack at the caller's own code (for call at ...)", async () => {
    // Both errors are made after the call returned: by the connection (an IDL error) and by the deadline timer.
    async function placeTheOrderHere(): Promise<unknown> {
      return await rejectionOf(client.unary(m["fail"]!, { how: "notfound" }));
    }
    async function waitTooLongHere(): Promise<unknown> {
      return await rejectionOf(client.unary(m["sleep"]!, { ms: 5000 }, { timeout: 50 }));
    }
    for (const [name, run] of [["placeTheOrderHere", placeTheOrderHere], ["waitTooLongHere", waitTooLongHere]] as const) {
      const stack = ((await run()) as Error).stack!;
      expect(stack, name).to.match(new RegExp(`\\n    for call at\\n(.|\\n)*at async ${name} `));
      expect(stack.split("for call at")).to.have.length(2);
    }
  });

  it("hides unexpected handler errors behind a generic INTERNAL and reports them server side", async () => {
    const before = started.probe.reported.length;
    for (const how of ["boom", "undeclared"]) {
      const error = (await rejectionOf(client.unary(m["fail"]!, { how }))) as RpcError;
      expect(error.code).to.equal(Code.INTERNAL);
      expect(error.message).not.to.contain("hunter2");
      expect(error.message).not.to.contain("at ");
    }
    expect(started.probe.reported.length).to.equal(before + 2);
  });

  it("answers UNIMPLEMENTED (not processed) for an unknown service and an unknown method", async () => {
    for (const method of [Ghost.methods["boo"]!, EchoNope]) {
      const error = (await rejectionOf(client.unary(method, {}))) as RpcError;
      expect(error.code).to.equal(Code.UNIMPLEMENTED);
      expect(error.notProcessed).to.equal(true);
    }
  });

  it("validates arguments on the client (never sent) and on the server, naming the path", async () => {
    const items = [{ sku: "a", quantity: 1 }, { sku: "b", quantity: 5000 }];
    const local = (await rejectionOf(client.unary(m["place"]!, { items }))) as RpcError;
    expect(local.code).to.equal(Code.INVALID_ARGUMENT);
    expect(local.notProcessed).to.equal(true);
    expect(local.message).to.contain("items[1].quantity");
    const unchecked = createClient({ target: started.target, validate: false });
    try {
      const remote = (await rejectionOf(unchecked.unary(m["place"]!, { items }))) as RpcError;
      expect(remote.code).to.equal(Code.INVALID_ARGUMENT);
      expect(remote.notProcessed).to.equal(true);
      expect(remote.message).to.contain("items[1].quantity");
      expect(remote.details["path"]).to.equal("items[1].quantity");
    } finally {
      await unchecked.close();
    }
  });

  it("applies declared defaults on the server", async () => {
    expect(await client.unary(m["place"]!, { items: [{ sku: "a" }, { sku: "b", quantity: 3 }] })).to.equal(4);
  });

  it("keeps __proto__ and constructor keys as plain entries in maps and metadata", async () => {
    const labels = new Map([["__proto__", "x"], ["constructor", "y"], ["polluted", "no"]]);
    const back = (await client.unary(m["labels"]!, { labels })) as Map<string, string>;
    expect(back).to.be.instanceOf(Map);
    expect([...back.entries()]).to.deep.equal([...labels.entries()]);
    const seen = (await client.unary(m["context"]!, {}, { metadata: { ["__proto__"]: "meta", other: "1" } })) as Map<string, string>;
    expect(seen.get("__proto__")).to.equal("meta");
    expect(({} as Record<string, unknown>)["polluted"]).to.equal(undefined);
    expect(Object.prototype).not.to.have.property("polluted");
  });

  it("sends the remaining time, from which the server rebuilds ctx.deadline", async () => {
    const left = (await client.unary(m["remaining"]!, {}, { timeout: 5000 })) as number;
    expect(left).to.be.above(3000).and.at.most(5000);
  });

  it("uses the method's @timeout, and a call option wins over it", async () => {
    const error = (await rejectionOf(client.unary(m["slowByDefault"]!, { ms: 2000 }))) as RpcError;
    expect(error.code).to.equal(Code.DEADLINE_EXCEEDED);
    expect(await client.unary(m["slowByDefault"]!, { ms: 250 }, { timeout: 5000 })).to.equal("slept 250");
  });

  it("on a client-side deadline, the server's ctx.signal aborts with DEADLINE_EXCEEDED", async () => {
    const n = started.probe.sleepers.length;
    const error = (await rejectionOf(client.unary(m["sleep"]!, { ms: 5000 }, { timeout: 200 }))) as RpcError;
    expect(error.code).to.equal(Code.DEADLINE_EXCEEDED);
    await waitFor(() => started.probe.sleepers.length > n, 5000, "the handler to have started");
    const ctx = started.probe.sleepers[n]!;
    // Whichever fires first, the client's CANCEL or the server's own timer, the reason is the deadline.
    await waitFor(() => ctx.signal.aborted, 5000, "server abort");
    expect((ctx.signal.reason as RpcError).code).to.equal(Code.DEADLINE_EXCEEDED);
    expect(client.stats().pending).to.equal(0);
  });

  it("cancels: the caller gets CANCELLED and the server's ctx.signal aborts", async () => {
    const ac = new AbortController();
    const n = started.probe.sleepers.length;
    const pending = client.unary(m["sleep"]!, { ms: 10_000 }, { signal: ac.signal });
    await waitFor(() => started.probe.sleepers.length > n, 5000, "the handler to start");
    const ctx = started.probe.sleepers[n]!;
    ac.abort();
    const error = (await rejectionOf(pending)) as RpcError;
    expect(error.code).to.equal(Code.CANCELLED);
    await waitFor(() => ctx.signal.aborted, 5000, "server-side abort");
    expect((ctx.signal.reason as RpcError).code).to.equal(Code.CANCELLED);
    expect(client.stats().pending).to.equal(0);
    const already = (await rejectionOf(client.unary(m["echo"]!, { text: "x" }, { signal: AbortSignal.abort() }))) as RpcError;
    expect(already.code).to.equal(Code.CANCELLED);
  });

  it("refuses frames over the limit before sending them, so other calls on the connection survive", async () => {
    const small = await startEcho({ limits: { maxFrameBytes: 100_000 } });
    const c = createClient({ target: small.target, limits: { maxFrameBytes: 100_000 } });
    try {
      const slow = c.unary(m["sleep"]!, { ms: 300 });
      const request = (await rejectionOf(c.unary(m["echo"]!, { text: "z".repeat(100_001) }))) as RpcError;
      expect(request.code).to.equal(Code.RESOURCE_EXHAUSTED);
      expect(request.notProcessed).to.equal(true);
      const result = (await rejectionOf(c.unary(m["blob"]!, { size: 100_001 }))) as RpcError;
      expect(result.code).to.equal(Code.RESOURCE_EXHAUSTED);
      expect(((await c.unary(m["blob"]!, { size: 90_000 })) as Uint8Array).length).to.equal(90_000);
      expect(await slow).to.equal("slept 300");
      expect(c.stats().connections).to.equal(1);
    } finally {
      await c.close();
      await small.server.close();
    }
  });

  it("settles oneway calls in the check phase, so a closed loop of oneways cannot starve timers and I/O", async () => {
    await client.oneway(m["track"]!, { event: "warm up" }); // connected before the check
    const order: string[] = [];
    const sent = client.oneway(m["track"]!, { event: "order" }).then(() => order.push("oneway"));
    // Queued before the write completes: a settlement on nextTick/microtasks would come first.
    setImmediate(() => order.push("immediate"));
    await sent;
    expect(order).to.deep.equal(["immediate", "oneway"]);
  });

  it("resolves a oneway call once written and runs its handler", async () => {
    await client.oneway(m["track"]!, { event: "clicked" });
    await waitFor(() => started.probe.tracked.includes("clicked"), 5000, "the oneway handler");
    expect(client.stats().pending).to.equal(0);
  });
});
