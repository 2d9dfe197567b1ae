/** etcd watchers across a dropped connection: missed events, compaction, and the full resync. */
import { expect } from "chai";
import { EtcdRegistry } from "../../../runtime/registry/etcd.js";
import { makeInstance } from "../../../runtime/registry/registry.js";
import { startEtcd, type EtcdCluster } from "../../helpers/etcd-server.js";
import { WatchProbe, within } from "../../helpers/registry-probe.js";
import { startProxy, type TcpProxy } from "../../helpers/tcp-proxy.js";

describe("etcd registry: watch across disconnects", function () {
  this.timeout(30_000);
  let etcd: EtcdCluster;
  let proxy: TcpProxy;
  let writer: EtcdRegistry;
  let watcher: EtcdRegistry;
  let probe: WatchProbe;
  const service = `test.etcd.Watch${process.pid}`;
  const at = (port: number) => makeInstance({ service, host: "127.0.0.1", port });

  beforeEach(async () => {
    etcd = await startEtcd(1);
    proxy = await startProxy(etcd.members[0]!.clientPort);
    writer = new EtcdRegistry(etcd.target);
    // The watcher reaches etcd only through the proxy, so the test can cut it off alone.
    watcher = new EtcdRegistry(`etcd://127.0.0.1:${proxy.port}`);
    await writer.register(at(7401), 15_000);
    await writer.register(at(7402), 15_000);
    probe = new WatchProbe(watcher, service);
    await within(2000, "the first list", () => probe.latest?.length === 2);
  });
  afterEach(async () => {
    probe.stop();
    await watcher.close();
    await writer.close();
    await proxy.close();
    await etcd.stop();
  });

  /** Cut the watcher off, run `meanwhile` on etcd, wait a little, reconnect. */
  async function disconnected(meanwhile: () => Promise<void>): Promise<number> {
    proxy.cut();
    await within(5000, "the watcher to be told", () => probe.errors.length > 0);
    await meanwhile();
    await new Promise((r) => setTimeout(r, 300));
    proxy.restore();
    return Date.now();
  }

  it("an instance added and another removed while the watcher was disconnected are both seen within 2 s of reconnecting", async () => {
    const restoredAt = await disconnected(async () => {
      await writer.register(at(7403), 15_000);
      await writer.deregister(at(7401));
    });
    const ms = await within(2000, "the missed add and remove", () => probe.latest?.join() === "127.0.0.1:7402,127.0.0.1:7403");
    expect(probe.errors[0]!.message).to.contain(`etcd://127.0.0.1:${proxy.port}`);
    console.log(`      missed events: view whole ${ms} ms after reconnect (${Date.now() - restoredAt} ms)`);
    // And the watch goes on.
    await writer.register(at(7404), 15_000);
    await within(1000, "a change after the reconnect", () => probe.has("127.0.0.1:7404"));
  });

  it("when the revision it would resume from was compacted, the watcher reads the whole list and watches again", async () => {
    await disconnected(async () => {
      await writer.deregister(at(7402));
      await writer.register(at(7405), 15_000);
      for (let i = 0; i < 3; i++) await etcd.gateway.put(`unrelated/${i}`, "x");
      await etcd.gateway.compact((await etcd.gateway.range("unrelated/")).revision);
    });
    const ms = await within(2000, "the list after compaction", () => probe.latest?.join() === "127.0.0.1:7401,127.0.0.1:7405");
    console.log(`      compaction: view whole ${ms} ms after reconnect`);
    // The old watcher was cancelled by etcd; only a new one delivers later changes.
    await writer.register(at(7406), 15_000);
    await writer.deregister(at(7401));
    await within(2000, "changes after the resync", () => probe.latest?.join() === "127.0.0.1:7405,127.0.0.1:7406");
  });
});
