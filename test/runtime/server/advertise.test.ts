/** What a server publishes: the advertised host, the loopback warning, live updates of weight/group/labels. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { MemoryRegistry } from "../../../runtime/registry/memory.js";
import type { Instance, Registry } from "../../../runtime/registry/registry.js";
import { advertisedHost, isLoopback, loopbackWarning, registryOnLoopback } from "../../../runtime/server/advertise.js";
import { Echo } from "../../helpers/descriptors.js";
import { startEcho, waitFor } from "../../helpers/echo-server.js";

/** A memory registry that claims to live on another host. */
function remoteLooking(inner: MemoryRegistry): Registry {
  return {
    name: "redis://10.0.0.5:6379/0",
    register: (i, ttl) => inner.register(i, ttl),
    deregister: (i) => inner.deregister(i),
    list: (s) => inner.list(s),
    watch: (s, l) => inner.watch(s, l),
    close: () => inner.close(),
  };
}

describe("advertised address and live registration updates", function () {
  it("a wildcard bind advertises a routable address; the option beats RPCGEN_ADVERTISE_HOST, which beats the bound host", () => {
    for (const wildcard of ["0.0.0.0", "::"]) {
      const host = advertisedHost(wildcard, undefined, {});
      expect(host).not.to.be.oneOf(["0.0.0.0", "::", ""]);
    }
    expect(advertisedHost("127.0.0.1", undefined, { RPCGEN_ADVERTISE_HOST: "10.1.1.1" })).to.equal("10.1.1.1");
    expect(advertisedHost("127.0.0.1", "10.2.2.2", { RPCGEN_ADVERTISE_HOST: "10.1.1.1" })).to.equal("10.2.2.2");
    expect(advertisedHost("192.168.0.7", undefined, {})).to.equal("192.168.0.7");
  });

  it("warns only when a loopback address goes to a registry that is not on loopback", () => {
    expect(isLoopback("127.0.0.1") && isLoopback("::1") && isLoopback("localhost")).to.equal(true);
    expect(registryOnLoopback("redis://u:p@127.0.0.1:6379/0")).to.equal(true);
    expect(registryOnLoopback("etcd://127.0.0.1:2379,10.0.0.2:2379")).to.equal(false);
    expect(registryOnLoopback("memory://")).to.equal(true);
    expect(loopbackWarning("127.0.0.1", "redis://10.0.0.5:6379/0")).to.match(/advertiseHost.*RPCGEN_ADVERTISE_HOST/);
    expect(loopbackWarning("10.0.0.9", "redis://10.0.0.5:6379/0")).to.equal(undefined);
    expect(loopbackWarning("127.0.0.1", "redis://127.0.0.1:6379/0")).to.equal(undefined);
  });

  it("a server warns at listen() when it would advertise loopback to a remote registry, and advertiseHost silences it", async () => {
    const warnings: string[] = [];
    const reg = new MemoryRegistry();
    const a = await startEcho({ registry: remoteLooking(reg), onWarning: (w) => warnings.push(w) });
    const b = await startEcho({ registry: remoteLooking(reg), advertiseHost: "10.3.3.3", onWarning: (w) => warnings.push(w) });
    try {
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain("127.0.0.1").and.contain("redis://10.0.0.5:6379/0");
      expect(b.server.registration()[0]!.host).to.equal("10.3.3.3");
    } finally {
      await a.server.close();
      await b.server.close();
    }
  });

  it("updateRegistration() changes weight, group and labels of a running server and watchers see it", async () => {
    const reg = new MemoryRegistry();
    const started = await startEcho({ registry: reg });
    let seen: readonly Instance[] = [];
    const stop = reg.watch("test.Echo", (l) => (seen = l));
    try {
      await waitFor(() => seen.length === 1);
      await started.server.updateRegistration({ group: "draining", weight: 1, labels: { load: "high" } });
      await waitFor(() => seen[0]?.group === "draining");
      expect(seen[0]).to.include({ weight: 1, port: started.port });
      expect(seen[0]!.labels).to.deep.equal({ load: "high" });
    } finally {
      stop();
      await started.server.close();
    }
    expect(await reg.list("test.Echo")).to.deep.equal([]); // close() deregistered
    const err = await started.server.updateRegistration({ weight: 2 }).catch((e: Error) => e);
    expect((err as Error).message).to.match(/not registered/);
  });

  it("a registry that stays down is retried forever but reported to onError at most once a minute", async () => {
    let attempts = 0;
    const down: Registry = {
      name: "redis://127.0.0.1:9/0",
      register: async () => {
        attempts++;
        throw new Error("connection refused");
      },
      deregister: async () => {},
      list: async () => [],
      watch: () => () => {},
      close: async () => {},
    };
    const started = await startEcho({ registry: down, lease: { retry: { initialMs: 10, maxMs: 10, jitter: 0 } } });
    try {
      await waitFor(() => attempts >= 10, 5_000, "ten attempts");
      expect(started.probe.reported).to.have.length(1);
      expect(String(started.probe.reported[0])).to.contain("connection refused");
    } finally {
      await started.server.close();
    }
  });

  it("close() deregisters before draining: the record is gone while a call is still running", async () => {
    const reg = new MemoryRegistry();
    const started = await startEcho({ registry: reg });
    const client = createClient({ target: "registry://", registry: reg });
    try {
      const slow = client.unary(Echo.methods["sleep"]!, { ms: 300 });
      await waitFor(() => started.probe.sleepers.length === 1);
      const closing = started.server.close();
      let listed = await reg.list("test.Echo");
      for (let i = 0; i < 100 && listed.length > 0; i++) {
        await new Promise((r) => setTimeout(r, 2));
        listed = await reg.list("test.Echo");
      }
      expect(listed).to.deep.equal([]);
      expect(started.probe.sleepsDone).to.equal(0); // still draining
      expect(await slow).to.equal("slept 300");
      await closing;
    } finally {
      await client.close();
    }
  });
});

