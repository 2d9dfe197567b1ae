/** The client's view of a service: synchronous listeners, failing lists, stale reasons, eviction of left instances. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { MemoryRegistry } from "../../../runtime/registry/memory.js";
import { makeInstance, type Instance, type InstanceListener, type Registry } from "../../../runtime/registry/registry.js";
import { closeView, openView } from "../../../runtime/registry/view.js";
import { Echo } from "../../helpers/descriptors.js";
import { rejectionOf, startEcho, waitFor } from "../../helpers/echo-server.js";

/** A registry that breaks the contract's politeness: calls listeners synchronously and can fail list(). */
class RudeRegistry implements Registry {
  readonly name = "rude://10.1.2.3:1";
  instances: Instance[] = [];
  failList: Error | undefined;
  readonly listeners = new Set<InstanceListener>();
  readonly onErrors = new Set<(e: Error) => void>();
  async register(): Promise<void> {}
  async deregister(): Promise<void> {}
  async list(): Promise<readonly Instance[]> {
    if (this.failList !== undefined) throw this.failList;
    return this.instances;
  }
  watch(_service: string, listener: InstanceListener, onError?: (e: Error) => void): () => void {
    this.listeners.add(listener);
    if (onError !== undefined) this.onErrors.add(onError);
    if (this.failList === undefined) listener(this.instances); // synchronously, inside watch()
    return () => this.listeners.delete(listener);
  }
  push(list: Instance[]): void {
    this.instances = list;
    for (const l of this.listeners) l(list);
  }
  async close(): Promise<void> {}
}

describe("registry view", function () {
  it("a registry that calls the watch listener synchronously works (no ReferenceError)", async () => {
    const started = await startEcho();
    const reg = new RudeRegistry();
    reg.instances = [makeInstance({ service: "test.Echo", host: "127.0.0.1", port: started.port })];
    const client = createClient({ target: "registry://", registry: reg });
    try {
      expect(await client.unary(Echo.methods["echo"]!, { text: "hi" })).to.equal("hi");
    } finally {
      await client.close();
      await started.server.close();
    }
  });

  it("a failing list() says the registry is unreachable, names it, and a later push recovers", async () => {
    const reg = new RudeRegistry();
    reg.failList = new Error("connection refused");
    const client = createClient({ target: "registry://", registry: reg });
    const started = await startEcho();
    try {
      const error = (await rejectionOf(client.unary(Echo.methods["echo"]!, { text: "hi" }))) as RpcError;
      expect(error).to.be.instanceOf(RpcError);
      expect(error.code).to.equal(Code.UNAVAILABLE);
      expect(error.notProcessed).to.equal(true);
      expect(error.message).to.match(/registry rude:\/\/10\.1\.2\.3:1 unreachable since \d\d:\d\d:\d\d UTC \(connection refused\), using 0 cached instances/);
      reg.failList = undefined;
      reg.push([makeInstance({ service: "test.Echo", host: "127.0.0.1", port: started.port })]);
      expect(await client.unary(Echo.methods["echo"]!, { text: "back" })).to.equal("back");
    } finally {
      await client.close();
      await started.server.close();
    }
  });

  it("keeps the last list through an outage and says why it is stale", async () => {
    const reg = new RudeRegistry();
    reg.instances = [makeInstance({ service: "s", host: "127.0.0.1", port: 1 })];
    const view = openView(reg, "s");
    try {
      await view.ready;
      for (const onError of reg.onErrors) onError(new Error("socket closed"));
      expect(view.instances.map((i) => i.port)).to.deep.equal([1]);
      expect(view.staleText()).to.match(/unreachable since .* \(socket closed\), using 1 cached instance$/);
      reg.push([...reg.instances]);
      expect(view.staleSince).to.equal(undefined);
    } finally {
      closeView(view);
    }
  });

  it("clients of one registry share one watch per service", async () => {
    const reg = new RudeRegistry();
    const a = openView(reg, "s");
    const b = openView(reg, "s");
    expect(a).to.equal(b);
    expect(reg.listeners.size).to.equal(1);
    closeView(a);
    expect(reg.listeners.size).to.equal(1);
    closeView(b);
    expect(reg.listeners.size).to.equal(0);
  });

  it("closes pooled connections to instances that left the view, and forgets their slots", async () => {
    const reg = new MemoryRegistry();
    const servers = [await startEcho(), await startEcho()];
    const inst = (port: number) => makeInstance({ service: "test.Echo", host: "127.0.0.1", port });
    for (const s of servers) await reg.register(inst(s.port), 60_000);
    const client = createClient({ target: "registry://", registry: reg });
    try {
      for (let i = 0; i < 4; i++) await client.unary(Echo.methods["echo"]!, { text: "x" });
      expect(client.stats().connections).to.equal(2);
      // A call in flight on the leaving instance finishes normally.
      let slow: Promise<unknown> | undefined;
      for (let i = 0; i < 2 && servers[0]!.probe.sleepers.length === 0; i++) {
        const p = client.unary(Echo.methods["sleep"]!, { ms: 200 });
        await waitFor(() => servers[0]!.probe.sleepers.length + servers[1]!.probe.sleepers.length > i, 5000, "sleep started");
        if (servers[0]!.probe.sleepers.length > 0) slow = p;
        else await p;
      }
      await reg.deregister(inst(servers[0]!.port));
      await waitFor(() => client.stats().poolSlots === 1, 5000, "slot evicted");
      expect(await slow).to.equal("slept 200");
      await waitFor(() => servers[0]!.server.stats().connections === 0, 5000, "evicted connection closed");
      expect(client.stats().connections).to.equal(1);
      expect(await client.unary(Echo.methods["echo"]!, { text: "y" })).to.equal("y");
    } finally {
      await client.close();
      for (const s of servers) await s.server.close();
      await reg.close();
    }
  });
});
