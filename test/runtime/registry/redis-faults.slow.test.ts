/**
 * The Redis registry under faults, over the whole call path (client -> Redis
 * view -> server, real sockets): a SIGKILLed server, a stopped Redis, a Redis
 * restarted empty, a watcher that missed events. Leases are shortened
 * (TTL 1.5 s, renewal 0.5 s) so the tests run in seconds. The figures the
 * issue asks for are printed as "figure:" lines.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { RedisRegistry } from "../../../runtime/registry/redis.js";
import type { Instance } from "../../../runtime/registry/registry.js";
import { Echo } from "../../helpers/descriptors.js";
import { callLoop } from "../../helpers/call-loop.js";
import { startEcho, waitFor, type Started } from "../../helpers/echo-server.js";
import { RedisProcess } from "../../helpers/redis-server.js";
import { startProxy } from "../../helpers/tcp-proxy.js";

const TTL = 1_500;
const lease = { ttlMs: TTL, renewMs: 500 };
const SERVICE = "test.Echo";

function figure(what: string, value: string): void {
  console.log(`      figure: ${what}: ${value}`);
}

/** A registered Echo server in a child process. */
async function childServer(registry: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(new URL("../../helpers/registered-server.js", import.meta.url)), [], {
    env: { ...process.env, RPCGEN_TEST_REGISTRY: registry, RPCGEN_TEST_TTL: String(TTL), RPCGEN_TEST_RENEW: "500" },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`child server exited with ${code}`)));
  });
  return { child, port };
}

/** Watches the service and remembers the latest list of ports. */
function watchPorts(registry: RedisRegistry): { ports: () => number[]; stop: () => void } {
  let latest: readonly Instance[] = [];
  const stop = registry.watch(SERVICE, (list) => (latest = list));
  return { ports: () => latest.map((i) => i.port).sort((a, b) => a - b), stop };
}

const sorted = (ports: number[]) => [...ports].sort((a, b) => a - b);

describe("redis registry under faults", function () {
  this.timeout(60_000);
  let redis: RedisProcess;
  const cleanup: (() => Promise<void> | void)[] = [];

  beforeEach(async () => {
    redis = await RedisProcess.start();
  });
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
    await redis.kill();
  });

  const registry = (url = redis.url, options = {}) => {
    const r = new RedisRegistry(url, { settleMs: 3_000, ...options });
    cleanup.push(() => r.close());
    return r;
  };
  const servers = async (n: number): Promise<Started[]> => {
    const out: Started[] = [];
    for (let i = 0; i < n; i++) {
      const s = await startEcho({ registry: redis.url, lease, registryOptions: { settleMs: 3_000 } });
      cleanup.push(() => s.server.close({ timeoutMs: 500 }));
      out.push(s);
    }
    return out;
  };
  const client = () => {
    const c = createClient({ target: redis.url, registryOptions: { settleMs: 3_000 } });
    cleanup.push(() => c.close({ force: true }));
    return c;
  };

  it("a server killed with SIGKILL leaves every client's view within TTL + 2 s; calls then reach the live one", async () => {
    const a = await childServer(redis.url);
    const b = await childServer(redis.url);
    cleanup.push(() => {
      a.child.kill("SIGKILL");
      b.child.kill("SIGKILL");
    });
    const views = [watchPorts(registry()), watchPorts(registry())];
    const c = client();
    await waitFor(() => views.every((v) => v.ports().length === 2), 5_000, "both servers in both views");
    for (let i = 0; i < 4; i++) await c.unary(Echo.methods["echo"]!, { text: "warm" });
    const killedAt = Date.now();
    a.child.kill("SIGKILL");
    await waitFor(() => views.every((v) => JSON.stringify(v.ports()) === JSON.stringify([b.port])), TTL + 2_000, "the killed server to leave every view");
    const left = Date.now() - killedAt;
    figure("SIGKILLed server left every view after (TTL 1500 ms)", `${left} ms`);
    expect(left).to.be.at.most(TTL + 2_000);
    // The client's own view follows within the same bound; then no call goes to the dead one.
    await waitFor(() => c.stats().poolSlots === 1, 2_000, "the client to evict the dead instance");
    for (let i = 0; i < 10; i++) expect(await c.unary(Echo.methods["echo"]!, { text: "after" })).to.equal("after");
    for (const v of views) v.stop();
  });

  it("outage: Redis stopped longer than the TTL while a client calls in a loop: no call fails; commands fail within about 1 s; memory stays flat", async () => {
    const started = await servers(2);
    const c = client();
    const probe = registry();
    await waitFor(() => started.every((s) => s.server.registration().length === 1), 5_000);
    const loop = callLoop(c);
    await new Promise((r) => setTimeout(r, 300));
    const heapBefore = process.memoryUsage().heapUsed;
    redis.signal("SIGSTOP");
    const stoppedAt = Date.now();
    // Registry commands fail fast meanwhile, and pile up nowhere.
    const t0 = Date.now();
    const rejections = await Promise.allSettled(Array.from({ length: 300 }, () => probe.list(SERVICE)));
    const failTime = Date.now() - t0;
    expect(rejections.every((r) => r.status === "rejected")).to.equal(true);
    expect(String((rejections[0] as PromiseRejectedResult).reason.message)).to.match(/registry redis:\/\/127\.0\.0\.1:\d+\/0 is unreachable/);
    figure("300 registry commands during the outage all failed after", `${failTime} ms`);
    expect(failTime).to.be.at.most(2_500);
    while (Date.now() - stoppedAt < TTL * 2) await new Promise((r) => setTimeout(r, 50));
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    figure("heap growth during the outage", `${(heapGrowth / 1e6).toFixed(1)} MB`);
    expect(heapGrowth).to.be.below(30e6);
    redis.signal("SIGCONT");
    await new Promise((r) => setTimeout(r, 2_000));
    const result = await loop.stop();
    figure("calls during a 3 s Redis stop (TTL 1.5 s)", `${result.calls} made, ${result.failed.length} failed`);
    expect(result.failed).to.deep.equal([]);
    expect(sorted((await probe.list(SERVICE)).map((i) => i.port))).to.deep.equal(sorted(started.map((s) => s.port)));
  });

  it("Redis restarted empty: every server is listed again within 5 s, and calls go on", async () => {
    const started = await servers(3);
    const c = client();
    const view = watchPorts(registry());
    await waitFor(() => view.ports().length === 3, 5_000);
    const loop = callLoop(c);
    await new Promise((r) => setTimeout(r, 300));
    await redis.kill();
    await new Promise((r) => setTimeout(r, TTL));
    await redis.restart(); // same port, no data
    const back = Date.now();
    const probe = registry();
    let listed: number[] = [];
    while (listed.length < 3 && Date.now() - back < 10_000) {
      listed = (await probe.list(SERVICE).catch(() => [])).map((i) => i.port);
      if (listed.length < 3) await new Promise((r) => setTimeout(r, 25));
    }
    const took = Date.now() - back;
    figure("every server listed again after an empty restart", `${took} ms`);
    expect(sorted(listed)).to.deep.equal(sorted(started.map((s) => s.port)));
    expect(took).to.be.at.most(5_000);
    await waitFor(() => view.ports().length === 3, 2_000, "the watcher to catch up");
    const result = await loop.stop();
    figure("calls while Redis was down and came back empty", `${result.calls} made, ${result.failed.length} failed`);
    expect(result.failed).to.deep.equal([]);
    view.stop();
  });

  it("missed events: an instance added and another removed while a watcher was cut off show within 2 s of its reconnect", async () => {
    const proxy = await startProxy(redis.port);
    cleanup.push(() => proxy.close());
    const writer = registry();
    const mk = (port: number): Instance => ({ service: SERVICE, host: "127.0.0.1", port, weight: 100, group: "", labels: {}, version: "", startTime: 1 });
    await writer.register(mk(5001), 60_000);
    const view = watchPorts(registry(`redis://127.0.0.1:${proxy.port}`));
    await waitFor(() => view.ports().length === 1, 2_000);
    proxy.cut();
    await new Promise((r) => setTimeout(r, 200));
    await writer.register(mk(5002), 60_000);
    await writer.deregister(mk(5001));
    await new Promise((r) => setTimeout(r, 500));
    expect(view.ports()).to.deep.equal([5001]); // it really missed them
    proxy.restore();
    const back = Date.now();
    await waitFor(() => JSON.stringify(view.ports()) === "[5002]", 3_000, "the watcher to resync");
    const took = Date.now() - back;
    figure("watcher reflected missed events after reconnect", `${took} ms (includes the reconnect backoff)`);
    expect(took).to.be.at.most(2_000);
    view.stop();
  });
});
