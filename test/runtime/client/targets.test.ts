/** Targets and registries: static lists, the memory registry, round robin, watch. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { MemoryRegistry } from "../../../runtime/registry/memory.js";
import { makeInstance, type Instance } from "../../../runtime/registry/registry.js";
import { parseAddressList, StaticRegistry } from "../../../runtime/registry/static.js";
import { Echo } from "../../helpers/descriptors.js";
import { rejectionOf, startEcho, type Started } from "../../helpers/echo-server.js";

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
    const a = makeInstance({ service: "s", host: "127.0.0.1", port: 1 });
    const b = makeInstance({ service: "s", host: "127.0.0.1", port: 2 });
    await reg.register(a, 60_000);
    await reg.register(b, 60_000);
    await reg.register({ ...a, weight: 5 }, 60_000); // same address: replaced, not added
    await new Promise((r) => setTimeout(r, 5));
    await reg.deregister(a);
    await reg.deregister(a); // unknown: no error, no push
    await new Promise((r) => setTimeout(r, 5));
    stop();
    await reg.register(a, 60_000);
    await new Promise((r) => setTimeout(r, 5));
    expect(pushes.at(-1)).to.deep.equal([2]);
    expect(pushes.some((p) => p.length === 2)).to.equal(true);
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

    it("round-robins a static target over its addresses", async () => {
      const target = `static://${servers.map((s) => `127.0.0.1:${s.port}`).join(",")}`;
      const client = createClient({ target });
      try {
        for (let i = 0; i < 9; i++) await client.unary(Echo.methods["remaining"]!, {});
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
      try {
        await client.unary(Echo.methods["echo"]!, { text: "a" });
        await reg.register(inst(servers[1]!), 60_000);
        await new Promise((r) => setTimeout(r, 5));
        for (let i = 0; i < 4; i++) await client.unary(Echo.methods["echo"]!, { text: "b" });
        expect(client.stats().connections).to.equal(2);
        await reg.deregister(inst(servers[0]!));
        await reg.deregister(inst(servers[1]!));
        await new Promise((r) => setTimeout(r, 5));
        const error = (await rejectionOf(client.unary(Echo.methods["echo"]!, { text: "c" }))) as RpcError;
        expect(error.code).to.equal(Code.UNAVAILABLE);
        expect(error.notProcessed).to.equal(true);
        expect(error.message).to.contain("test.Echo");
      } finally {
        await client.close();
      }
    });
  });
});
