/** Targets and registries: static lists, the memory registry, round robin, watch. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { MemoryRegistry } from "../../../runtime/registry/memory.js";
import { makeInstance, type Instance } from "../../../runtime/registry/registry.js";
import { parseAddressList, StaticRegistry } from "../../../runtime/registry/static.js";
import { Echo } from "../../helpers/descriptors.js";
import { rejectionOf, startEcho, waitFor, type Started } from "../../helpers/echo-server.js";

describe("registries and targets", function () {
  it("parses static address lists and refuses bad ones with INVALID_ARGUMENT", () => {
    expect(parseAddressList("127.0.0.1:7001, localhost:7002,[::1]:7003")).to.deep.equal([
      { host: "127.0.0.1", port: 7001 },
      { host: "localhost", port: 7002 },
      { host: "::1", port: 7003 },
    ]);
    for (const bad of ["", "host", "host:0", "host:70000", "a:1,b"]) {
      expect(() => parseAddressList(bad), bad).to.throw(RpcError).with.property("code", Code.INVALID_ARGUMENT);
    }
    expect(() => createClient({ target: "zk://x" })).to.throw(RpcError, /unknown target scheme/);
    expect(() => createClient({ target: "registry://" })).to.throw(RpcError, /registry/);
  });

  it("a static registry lists every address for any service and is read-only", async () => {
    const reg = new StaticRegistry("static://127.0.0.1:1,127.0.0.1:2");
    const list = await reg.list("a.B");
    expect(list.map((i) => [i.service, i.port])).to.deep.equal([["a.B", 1], ["a.B", 2]]);
    const err = (await rejectionOf(reg.register(list[0]!, 60_000))) as RpcError;
    expect(err.code).to.equal(Code.FAILED_PRECONDITION);
  });

  it("the memory registry pushes the full list to watchers on every change", async () => {
    const reg = new MemoryRegistry();
    const pushes: number[][] = [];
    const stop = reg.watch("s", (list) => pushes.push(list.map((i) => i.port)));
    const pushed = (list: number[]) => waitFor(() => JSON.stringify(pushes.at(-1)) === JSON.stringify(list), 5000, `a push of [${list}]`);
    await pushed([]); // the first push: the list as it is
    const a = makeInstance({ service: "s", host: "127.0.0.1", port: 1 });
    const b = makeInstance({ service: "s", host: "127.0.0.1", port: 2 });
    await reg.register(a, 60_000);
    await pushed([1]);
    await reg.register(b, 60_000);
    await pushed([1, 2]);
    await reg.register({ ...a, weight: 5 }, 60_000); // same address: replaced, not added
    await waitFor(() => pushes.length === 4, 5000, "the push of the replaced record");
    expect(pushes.at(-1)).to.deep.equal([1, 2]);
    await reg.deregister(a);
    await pushed([2]);
    const count = pushes.length;
    await reg.deregister(a); // unknown: no error, no push
    stop();
    await reg.register(a, 60_000); // after stop(): no push
    // A registration that a watcher still sees is pushed in a microtask; let any due one run.
    await new Promise((r) => setImmediate(r));
    expect(pushes.length, "no push for an unknown deregistration nor after stop()").to.equal(count);
    expect(pushes).to.deep.equal([[], [1], [1, 2], [1, 2], [2]]);
    expect((await reg.list("s")).map((i: Instance) => i.port)).to.deep.equal([2, 1]);
    expect((await reg.list("s")).find((i) => i.port === 1)!.weight).to.equal(100);
  });

  describe("spreading calls", () => {
    const servers: Started[] = [];
    before(async () => {
      for (let i = 0; i < 3; i++) servers.push(await startEcho());
    });
    after(async () => {
      for (const s of servers) await s.server.close();
    });

    /** Index in `servers` of the one that served `call` (its `sleep` handler saw one more call). */
    async function answeredBy(call: () => Promise<unknown>): Promise<number> {
      const before = servers.map((s) => s.probe.sleepers.length);
      await call();
      const grew = servers.flatMap((s, i) => (s.probe.sleepers.length > before[i]! ? [i] : []));
      expect(grew, "exactly one server served the call").to.have.length(1);
      return grew[0]!;
    }

    it("round-robins a static target over its addresses: each takes its turn, in a fixed rotation", async () => {
      const target = `static://${servers.map((s) => `127.0.0.1:${s.port}`).join(",")}`;
      const client = createClient({ target });
      try {
        const order: number[] = [];
        for (let i = 0; i < 9; i++) order.push(await answeredBy(() => client.unary(Echo.methods["sleep"]!, { ms: 0 })));
        expect([...order.slice(0, 3)].sort(), "the first three calls reach three different servers").to.deep.equal([0, 1, 2]);
        expect(order.slice(3), "then the same rotation repeats").to.deep.equal([...order.slice(0, 3), ...order.slice(0, 3)]);
        expect(client.stats().connections).to.equal(3);
      } finally {
        await client.close();
      }
    });

    it("follows registry changes: new instances get calls, removed ones stop", async () => {
      const reg = new MemoryRegistry();
      const inst = (s: Started) => makeInstance({ service: "test.Echo", host: "127.0.0.1", port: s.port });
      await reg.register(inst(servers[0]!), 60_000);
      const client = createClient({ target: "registry://", registry: reg });
      const sleep = () => client.unary(Echo.methods["sleep"]!, { ms: 0 });
      // The registry pushes to every watcher in one go: once this one saw a list, so did the client.
      const pushes: number[][] = [];
      const stop = reg.watch("test.Echo", (list) => pushes.push(list.map((i) => i.port)));
      const pushed = (ports: number[]) => waitFor(() => JSON.stringify(pushes.at(-1)) === JSON.stringify(ports), 5000, `a push of [${ports}]`);
      try {
        expect(await answeredBy(sleep)).to.equal(0);
        await reg.register(inst(servers[1]!), 60_000);
        await pushed([servers[0]!.port, servers[1]!.port]);
        const both: number[] = [];
        for (let i = 0; i < 4; i++) both.push(await answeredBy(sleep));
        expect(both, "the new instance gets calls; both share them").to.have.members([0, 1, 0, 1]);
        expect(client.stats().connections).to.equal(2);
        await reg.deregister(inst(servers[0]!));
        await pushed([servers[1]!.port]);
        const after: number[] = [];
        for (let i = 0; i < 6; i++) after.push(await answeredBy(sleep));
        expect(after, "the removed instance receives no call").to.deep.equal([1, 1, 1, 1, 1, 1]);
        await reg.deregister(inst(servers[1]!));
        await pushed([]);
        const error = (await rejectionOf(client.unary(Echo.methods["echo"]!, { text: "c" }))) as RpcError;
        expect(error.code).to.equal(Code.UNAVAILABLE);
        expect(error.notProcessed).to.equal(true);
        expect(error.message).to.contain("test.Echo");
      } finally {
        stop();
        await client.close();
      }
    });
  });
});
