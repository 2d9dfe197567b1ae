/**
 * The registry conformance suite: every adapter (memory, Redis, etcd) runs it
 * against its real backend. Call it inside a describe whose hooks start the
 * backend; `open` returns a new, connected registry (the suite closes it).
 */
import { expect } from "chai";
import { makeInstance, type Instance, type Registry } from "../../../runtime/registry/registry.js";

let serial = 0;

/** Collects every list a watcher receives. */
class Recorder {
  readonly lists: number[][] = [];
  readonly errors: Error[] = [];
  push = (list: readonly Instance[]): void => {
    this.lists.push(list.map((i) => i.port).sort((a, b) => a - b));
  };
  onError = (e: Error): void => {
    this.errors.push(e);
  };
  get last(): number[] | undefined {
    return this.lists.at(-1);
  }
  /** Wait until the last list is `ports`; returns how long that took. */
  async until(ports: number[], timeoutMs: number): Promise<number> {
    const start = Date.now();
    while (JSON.stringify(this.last) !== JSON.stringify(ports)) {
      if (Date.now() - start > timeoutMs) throw new Error(`watcher saw ${JSON.stringify(this.lists)}, not ${JSON.stringify(ports)} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return Date.now() - start;
  }
}

/** What a backend needs from the suite. */
export interface ConformanceOptions {
  /**
   * The shortest lease the backend grants, ms (etcd: 2000 with its default election timeout). The suite's short
   * TTLs are raised to it, and the deadlines that depend on them move with them. Default 0.
   */
  readonly minTtlMs?: number;
}

const ports = async (r: Registry, service: string) => (await r.list(service)).map((i) => i.port).sort((a, b) => a - b);

export function registryConformance(name: string, open: () => Promise<Registry>, options: ConformanceOptions = {}): void {
  const ttl = (ms: number) => Math.max(ms, options.minTtlMs ?? 0);
  describe(`registry conformance: ${name}`, function () {
    this.timeout(20_000);
    const opened: Registry[] = [];
    const fresh = async () => {
      const r = await open();
      opened.push(r);
      return r;
    };
    const service = () => `conf${process.pid}x${++serial}.Svc`;
    const inst = (svc: string, port: number, extra: Partial<Instance> = {}) => makeInstance({ service: svc, host: "127.0.0.1", port, ...extra });

    afterEach(async () => {
      for (const r of opened.splice(0)) await r.close();
    });

    it("has a name without credentials", async () => {
      const r = await fresh();
      expect(r.name).to.be.a("string").and.match(/^[a-z+]+:\/\//);
      expect(r.name).not.to.match(/@/);
    });

    it("registers, lists and deregisters; deregistering an unknown instance is not an error", async () => {
      const r = await fresh();
      const svc = service();
      await r.register(inst(svc, 1001), 10_000);
      await r.register(inst(svc, 1002), 10_000);
      expect(await ports(r, svc)).to.deep.equal([1001, 1002]);
      expect(await r.list(`${svc}.other`)).to.deep.equal([]);
      await r.deregister(inst(svc, 1001));
      await r.deregister(inst(svc, 1001));
      expect(await ports(r, svc)).to.deep.equal([1002]);
    });

    it("round-trips every field of the record, and a second register replaces the first", async () => {
      const r = await fresh();
      const svc = service();
      const first = inst(svc, 1001, { weight: 7, group: "canary", labels: { zone: "b", "x.y": "1" }, version: "2.1", startTime: 1234 });
      await r.register(first, 10_000);
      expect(await r.list(svc)).to.deep.equal([first]);
      await r.register({ ...first, weight: 0, group: "draining" }, 10_000);
      expect(await r.list(svc)).to.deep.equal([{ ...first, weight: 0, group: "draining" }]);
    });

    it("pushes the current list after watch() (never from inside it) and every change within 1 s, across clients", async () => {
      const writer = await fresh();
      const reader = await fresh();
      const svc = service();
      await writer.register(inst(svc, 1001), 10_000);
      const rec = new Recorder();
      const stop = reader.watch(svc, rec.push, rec.onError);
      expect(rec.lists).to.deep.equal([]); // not synchronous
      await rec.until([1001], 1000);
      await writer.register(inst(svc, 1002), 10_000);
      await rec.until([1001, 1002], 1000);
      await writer.deregister(inst(svc, 1001));
      await rec.until([1002], 1000);
      const seen = rec.lists.length;
      stop();
      await writer.register(inst(svc, 1003), 10_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(rec.lists.length).to.equal(seen);
      expect(rec.errors).to.deep.equal([]);
    });

    it("watchers see a weight/group/labels change of a running instance", async () => {
      const writer = await fresh();
      const reader = await fresh();
      const svc = service();
      await writer.register(inst(svc, 1001), 10_000);
      const seen: Instance[][] = [];
      const stop = reader.watch(svc, (l) => seen.push([...l]));
      await waitUntil(() => seen.length > 0, 1000);
      await writer.register(inst(svc, 1001, { group: "hot", weight: 5, labels: { state: "busy" } }), 10_000);
      await waitUntil(() => seen.at(-1)?.[0]?.group === "hot", 1000);
      expect(seen.at(-1)![0]).to.include({ weight: 5 });
      expect(seen.at(-1)![0]!.labels).to.deep.equal({ state: "busy" });
      stop();
    });

    it("a lease that is not renewed ends: the instance leaves list() and every watcher within TTL + 2 s", async () => {
      const writer = await fresh();
      const reader = await fresh();
      const svc = service();
      const rec = new Recorder();
      const stop = reader.watch(svc, rec.push);
      const short = ttl(1_000);
      await writer.register(inst(svc, 1001), short);
      await writer.register(inst(svc, 1002), 60_000);
      await rec.until([1001, 1002], 1000);
      const gone = await rec.until([1002], short + 2_000);
      expect(gone).to.be.at.most(short + 2_000);
      expect(await ports(writer, svc)).to.deep.equal([1002]);
      stop();
    });

    it("renewing keeps a lease alive past its TTL", async () => {
      const r = await fresh();
      const svc = service();
      const lease = ttl(800);
      // Eight renewals a quarter TTL apart: twice the TTL in all.
      for (let i = 0; i < 8; i++) {
        await r.register(inst(svc, 1001), lease);
        await new Promise((res) => setTimeout(res, lease / 4));
      }
      expect(await ports(r, svc)).to.deep.equal([1001]);
    });
  });
}

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
