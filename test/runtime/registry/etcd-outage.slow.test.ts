/** etcd out of reach: commands fail fast, registrations and views come back when etcd does. */
import { expect } from "chai";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { EtcdRegistry } from "../../../runtime/registry/etcd.js";
import { makeInstance } from "../../../runtime/registry/registry.js";
import { createClient } from "../../../runtime/client/channel.js";
import { callLoop } from "../../helpers/call-loop.js";
import { rejectionOf, startEcho, waitFor } from "../../helpers/echo-server.js";
import { startEtcd, type EtcdCluster } from "../../helpers/etcd-server.js";
import { RenewLoop, WatchProbe, within } from "../../helpers/registry-probe.js";

describe("etcd registry: outages", function () {
  this.timeout(60_000);
  let etcd: EtcdCluster;
  let server: EtcdRegistry;
  let client: EtcdRegistry;
  let loop: RenewLoop | undefined;
  let probe: WatchProbe | undefined;
  const service = `test.etcd.Outage${process.pid}`;
  const instance = makeInstance({ service, host: "127.0.0.1", port: 7201 });

  beforeEach(async () => {
    etcd = await startEtcd(1);
    server = new EtcdRegistry(etcd.target);
    client = new EtcdRegistry(etcd.target);
  });
  afterEach(async () => {
    loop?.stop();
    probe?.stop();
    await server.close();
    await client.close();
    await etcd.stop();
  });

  it("etcd stopped (SIGSTOP) longer than the TTL: commands fail within about 1 s, nothing queues; after SIGCONT the registration is back", async () => {
    const ttlMs = 2000;
    loop = new RenewLoop(server, instance, ttlMs, 700, 300);
    probe = new WatchProbe(client, service);
    await within(2000, "the instance in the view", () => probe!.has("127.0.0.1:7201"));

    etcd.signal(0, "SIGSTOP");
    const stoppedAt = Date.now();
    const slowest = { ms: 0 };
    const timed = async (op: () => Promise<unknown>): Promise<RpcError> => {
      const start = Date.now();
      const err = (await rejectionOf(op())) as RpcError;
      slowest.ms = Math.max(slowest.ms, Date.now() - start);
      return err;
    };
    // Fifty commands at once: each rejects on its own timeout, none waits behind another.
    const errors = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        timed(() => (i % 2 === 0 ? client.list(service) : server.register(makeInstance({ ...instance, port: 8000 + i }), ttlMs))),
      ),
    );
    for (const err of errors) {
      expect(err).to.be.instanceOf(RpcError);
      expect(err.code).to.equal(Code.UNAVAILABLE);
      expect(err.message).to.contain(etcd.target);
    }
    expect(slowest.ms).to.be.below(3000); // 1 s timeout plus a noisy machine; measured ~1 s
    await new Promise((r) => setTimeout(r, Math.max(0, 2 * ttlMs + 1000 - (Date.now() - stoppedAt))));

    const failedBefore = loop.failed;
    etcd.signal(0, "SIGCONT");
    const resumedAt = Date.now();
    await within(5000, "the registration back in list()", async () =>
      (await client.list(service).catch(() => [])).some((i) => i.port === 7201),
    );
    const listedMs = Date.now() - resumedAt;
    await within(5000, "the registration back in the view", () => probe!.has("127.0.0.1:7201"));
    console.log(
      `      outage: ${errors.length} commands rejected, slowest ${slowest.ms} ms; renewals failed ${failedBefore}; ` +
        `listed ${listedMs} ms after SIGCONT, in the view ${Date.now() - resumedAt} ms`,
    );
    expect(failedBefore).to.be.above(0);
  });

  it("etcd stopped longer than the TTL while a client calls registered servers in a loop: no call fails; memory stays flat", async () => {
    const lease = { ttlMs: 2000, renewMs: 700 };
    const started = [await startEcho({ registry: etcd.target, lease }), await startEcho({ registry: etcd.target, lease })];
    const c = createClient({ target: etcd.target });
    try {
      await waitFor(() => started.every((s) => s.server.registration().length === 1), 5_000, "both servers registered");
      const loop = callLoop(c);
      await new Promise((r) => setTimeout(r, 300));
      const heapBefore = process.memoryUsage().heapUsed;
      etcd.signal(0, "SIGSTOP");
      await new Promise((r) => setTimeout(r, 2 * lease.ttlMs + 500));
      const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
      etcd.signal(0, "SIGCONT");
      await new Promise((r) => setTimeout(r, 3_000));
      const result = await loop.stop();
      console.log(`      outage with a client calling: ${result.calls} calls, ${result.failed.length} failed; heap growth ${(heapGrowth / 1e6).toFixed(1)} MB`);
      expect(result.failed).to.deep.equal([]);
      expect(result.calls).to.be.above(0);
      expect(heapGrowth).to.be.below(30e6);
    } finally {
      await c.close({ force: true });
      for (const s of started) await s.server.close({ timeoutMs: 500 });
    }
  });

  it("etcd restarted empty: a registrar-like loop (5 s renewals) is listed again on its next renewal and watchers catch up", async () => {
    loop = new RenewLoop(server, instance, 15_000, 5000, 500);
    probe = new WatchProbe(client, service);
    await within(2000, "the instance in the view", () => probe!.has("127.0.0.1:7201"));
    // Revisions on the old store, so the new one starts far behind what the watcher has seen.
    for (let i = 0; i < 5; i++) await server.register(makeInstance({ ...instance, port: 7300, weight: i + 1 }), 15_000);
    await server.deregister(makeInstance({ ...instance, port: 7300 }));

    await etcd.restartEmpty();
    const restartedAt = Date.now();
    // The next renewal (at most 5 s away) re-grants the lost lease; one command timeout of slack on top.
    await within(6000, "the registration back in list()", async () =>
      (await client.list(service).catch(() => [])).some((i) => i.port === 7201),
    );
    const listedMs = Date.now() - restartedAt;
    await within(3000, "the watcher to see it again", () => probe!.has("127.0.0.1:7201"));
    const viewMs = Date.now() - restartedAt;
    expect(probe.errors.length).to.be.above(0); // told that etcd was unreachable
    expect(probe.errors[0]!.message).to.contain(etcd.target);

    // The watcher follows the new store, not the revisions of the old one.
    await server.register(makeInstance({ ...instance, port: 7202 }), 15_000);
    await within(2000, "a change on the new store", () => probe!.has("127.0.0.1:7202"));
    console.log(`      restart empty: listed again ${listedMs} ms after etcd was back, in the view after ${viewMs} ms`);
  });
});
