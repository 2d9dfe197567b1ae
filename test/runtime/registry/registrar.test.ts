/** The lease keeper against a fake clock: renewals, retries forever, spread after an outage, updates, stop. */
import { expect } from "chai";
import { Registrar, type RegistrarClock } from "../../../runtime/registry/registrar.js";
import { makeInstance, registryUnreachable, type Instance, type Registry } from "../../../runtime/registry/registry.js";

/** Timers on a virtual clock; `runUntil` fires them in order, letting promises settle between. */
class FakeClock implements RegistrarClock {
  now = 0;
  #seq = 0;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();
  #seed: number;
  constructor(seed = 1) {
    this.#seed = seed;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#seq;
    this.#timers.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }
  /** A small deterministic PRNG (mulberry32). */
  random(): number {
    let t = (this.#seed = (this.#seed + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  async runUntil(end: number): Promise<void> {
    for (;;) {
      await settle();
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.#timers) if (next === undefined || e[1].at < next[1].at) next = e;
      if (next === undefined || next[1].at > end) break;
      this.#timers.delete(next[0]);
      this.now = next[1].at;
      next[1].fn();
    }
    this.now = end;
  }
}

/** Let every pending promise chain run (they are all microtasks). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Records attempts; fails while `down` says so. */
class FlakyRegistry implements Registry {
  readonly name = "flaky://10.0.0.1:1";
  readonly attempts: { at: number; key: string; ok: boolean }[] = [];
  readonly live = new Map<string, Instance>();
  readonly removed: string[] = [];
  down = false;
  constructor(private readonly clock: FakeClock) {}
  async register(i: Instance, ttlMs: number): Promise<void> {
    this.attempts.push({ at: this.clock.now, key: `${i.port}`, ok: !this.down });
    expect(ttlMs).to.be.greaterThan(0);
    if (this.down) throw registryUnreachable(this.name, new Error("down"));
    this.live.set(`${i.port}`, i);
  }
  async deregister(i: Instance): Promise<void> {
    this.removed.push(`${i.port}`);
    this.live.delete(`${i.port}`);
  }
  async list(): Promise<readonly Instance[]> {
    return [...this.live.values()];
  }
  watch(): () => void {
    return () => {};
  }
  async close(): Promise<void> {}
}

const inst = (port: number) => makeInstance({ service: "s", host: "10.0.0.2", port });

/** Largest count in one `windowMs` window over [first, last] of `times`, divided by the mean count per window. */
function peakToMean(times: number[], windowMs: number): number {
  const first = Math.min(...times);
  const windows = Math.max(1, Math.ceil((Math.max(...times) - first + 1) / windowMs));
  const counts = new Array<number>(windows).fill(0);
  for (const t of times) counts[Math.min(windows - 1, Math.floor((t - first) / windowMs))]!++;
  return Math.max(...counts) / (times.length / windows);
}

describe("registrar (lease keeper)", function () {
  it("registers with the TTL, renews every renewMs, retries forever while the registry is down", async () => {
    const clock = new FakeClock();
    const reg = new FlakyRegistry(clock);
    const errors: unknown[] = [];
    const r = new Registrar(reg, [inst(1)], { ttlMs: 15_000, renewMs: 5_000 }, (e) => errors.push(e), clock);
    await r.start();
    expect(r.healthy).to.equal(true);
    await clock.runUntil(20_000);
    expect(reg.attempts.map((a) => a.at)).to.deep.equal([0, 5_000, 10_000, 15_000, 20_000]);
    reg.down = true;
    await clock.runUntil(20 * 60_000); // 20 minutes down: it never gives up
    const failures = reg.attempts.filter((a) => !a.ok);
    expect(failures.length).to.be.greaterThan(20 * 60 / 4.5);
    expect(errors.length).to.equal(failures.length);
    const gaps = failures.slice(1).map((a, i) => a.at - failures[i]!.at);
    expect(Math.max(...gaps)).to.be.at.most(1_500); // 1 s +50 % jitter
    reg.down = false;
    reg.live.clear(); // the registry came back empty
    const back = clock.now;
    await clock.runUntil(back + 1_500);
    expect(reg.live.has("1")).to.equal(true);
    expect(r.healthy).to.equal(true);
  });

  it("50 servers re-registering after an outage spread their attempts (no 100 ms window over 3x the mean)", async () => {
    const spread = async (jitter: number) => {
      const clock = new FakeClock(7);
      const reg = new FlakyRegistry(clock);
      const keepers = Array.from({ length: 50 }, (_, n) => new Registrar(reg, [inst(n + 1)], { retry: { jitter } }, () => {}, clock));
      await Promise.all(keepers.map((k) => k.start()));
      await clock.runUntil(12_000);
      reg.down = true;
      await clock.runUntil(42_000);
      reg.down = false;
      await clock.runUntil(50_000);
      expect(reg.live.size).to.equal(50);
      // Every retry after each server's first failure, up to its first success.
      const firstFailure = new Map<string, number>();
      const times: number[] = [];
      for (const a of reg.attempts) {
        if (a.at < 12_000 || a.at > 42_000 + 5_000) continue;
        if (!a.ok && !firstFailure.has(a.key)) firstFailure.set(a.key, a.at);
        else if (firstFailure.has(a.key) && (!a.ok || a.at >= 42_000) && a.at <= 47_000) times.push(a.at);
      }
      return peakToMean(times, 100);
    };
    const jittered = await spread(0.5);
    // Without jitter the same servers stampede: the check above can fail.
    const lockstep = await spread(0);
    console.log(`      figure: busiest 100 ms window / mean: ${jittered.toFixed(2)} with the default jitter, ${lockstep.toFixed(2)} without`);
    expect(jittered).to.be.at.most(3);
    expect(lockstep).to.be.greaterThan(3);
  });

  it("update() rewrites the records at once; stop() stops renewing and deregisters", async () => {
    const clock = new FakeClock();
    const reg = new FlakyRegistry(clock);
    const r = new Registrar(reg, [inst(1), inst(2)], {}, () => {}, clock);
    await r.start();
    await clock.runUntil(1_000);
    await r.update({ group: "draining", weight: 0 });
    expect(reg.live.get("1")).to.include({ group: "draining", weight: 0 });
    expect(reg.live.get("2")!.labels).to.deep.equal({});
    await r.stop();
    expect(reg.removed.sort()).to.deep.equal(["1", "2"]);
    const before = reg.attempts.length;
    await clock.runUntil(60_000);
    expect(reg.attempts.length).to.equal(before);
  });
});
