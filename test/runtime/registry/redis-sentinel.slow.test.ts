/**
 * Redis with Sentinel (a primary, a replica, three sentinels on loopback):
 * the primary is SIGKILLed mid-test; ioredis follows the promoted replica,
 * every server is registered again and the views are whole within 10 s, and
 * no call to a live instance fails meanwhile.
 */
import { expect } from "chai";
import { Redis } from "ioredis";
import { createClient } from "../../../runtime/client/channel.js";
import { RedisRegistry, type RedisRegistryOptions } from "../../../runtime/registry/redis.js";
import type { Instance } from "../../../runtime/registry/registry.js";
import { Echo } from "../../helpers/descriptors.js";
import { callLoop } from "../../helpers/call-loop.js";
import { startEcho, waitFor, type Started } from "../../helpers/echo-server.js";
import { RedisProcess } from "../../helpers/redis-server.js";

describe("redis registry with Sentinel", function () {
  this.timeout(90_000);
  const processes: RedisProcess[] = [];
  const cleanup: (() => Promise<void>)[] = [];
  let options: RedisRegistryOptions;
  let primary: RedisProcess;

  before(async () => {
    primary = await RedisProcess.start();
    const replica = await RedisProcess.start(["--replicaof", "127.0.0.1", String(primary.port)]);
    processes.push(primary, replica);
    const config = [
      `sentinel monitor rpcgen 127.0.0.1 ${primary.port} 2`,
      "sentinel down-after-milliseconds rpcgen 1000",
      "sentinel failover-timeout rpcgen 5000",
    ].join("\n");
    for (let i = 0; i < 3; i++) processes.push(await RedisProcess.sentinel(config));
    const sentinels = processes.slice(2).map((s) => ({ host: "127.0.0.1", port: s.port }));
    options = { redis: { sentinels, name: "rpcgen" }, settleMs: 3_000 };
    // Failover needs every sentinel to know the replica and the other sentinels.
    for (const s of sentinels) {
      const admin = new Redis({ host: s.host, port: s.port });
      try {
        await waitForAsync(async () => {
          const fields = (await admin.call("SENTINEL", "MASTER", "rpcgen")) as string[];
          const get = (k: string) => Number(fields[fields.indexOf(k) + 1]);
          return get("num-slaves") >= 1 && get("num-other-sentinels") >= 2;
        }, 20_000);
      } finally {
        admin.disconnect();
      }
    }
  });

  after(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
    for (const p of processes) await p.kill();
  });

  it("the primary killed: servers re-register on the promoted replica, views are whole within 10 s, no call fails", async () => {
    const servers: Started[] = [];
    for (let i = 0; i < 2; i++) {
      const s = await startEcho({ registry: "redis://127.0.0.1:1", registryOptions: options, lease: { ttlMs: 1_500, renewMs: 500 } });
      cleanup.push(() => s.server.close({ timeoutMs: 500 }));
      servers.push(s);
    }
    const expected = servers.map((s) => s.port).sort((a, b) => a - b);
    const client = createClient({ target: "redis://127.0.0.1:1", registryOptions: options });
    cleanup.push(() => client.close({ force: true }));
    const watcher = new RedisRegistry("redis://127.0.0.1:1", options);
    cleanup.push(() => watcher.close());
    let view: readonly Instance[] = [];
    const stop = watcher.watch("test.Echo", (l) => (view = l));
    cleanup.push(async () => stop());
    const ports = () => view.map((i) => i.port).sort((a, b) => a - b);
    await waitFor(() => JSON.stringify(ports()) === JSON.stringify(expected), 10_000, "both servers in the view");

    // The client has seen both servers before the primary dies.
    for (let i = 0; i < 4; i++) await client.unary(Echo.methods["echo"]!, { text: "warm" });
    expect(client.stats().connections).to.equal(2);
    const loop = callLoop(client);

    await primary.kill();
    const killedAt = Date.now();
    const fresh = new RedisRegistry("redis://127.0.0.1:1", options);
    cleanup.push(() => fresh.close());
    let listed: number[] = [];
    while (Date.now() - killedAt < 15_000) {
      listed = (await fresh.list("test.Echo").catch(() => [])).map((i) => i.port).sort((a, b) => a - b);
      if (JSON.stringify(listed) === JSON.stringify(expected)) {
        // Registered on the new primary: a write must go through too.
        const ok = await fresh.register({ ...view[0]!, service: "probe.Write" }, 1_000).then(() => true, () => false);
        if (ok) break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const recovered = Date.now() - killedAt;
    await waitFor(() => JSON.stringify(ports()) === JSON.stringify(expected), 10_000, "the watcher's view to be whole");
    await new Promise((r) => setTimeout(r, 1_000));
    const { calls, failed } = await loop.stop();
    console.log(`      figure: Sentinel failover: registry writable with every server listed after ${recovered} ms; ${calls} calls, ${failed.length} failed`);
    expect(listed).to.deep.equal(expected);
    expect(recovered).to.be.at.most(10_000);
    expect([...new Set(failed)]).to.deep.equal([]);
  });
});

async function waitForAsync(predicate: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`sentinels not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
