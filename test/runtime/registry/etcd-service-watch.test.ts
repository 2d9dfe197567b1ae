/** The etcd service watch (cached list per service) against a fake source: read/watch ordering, reopen rules, pacing. */
import { expect } from "chai";
import { encodeInstance } from "../../../runtime/registry/etcd-layout.js";
import { ServiceWatch, type Snapshot, type WatchEvent, type WatchHandlers, type WatchSource } from "../../../runtime/registry/etcd-service-watch.js";
import { makeInstance } from "../../../runtime/registry/registry.js";
import { within } from "../../helpers/registry-probe.js";

const record = (port: number) => encodeInstance(makeInstance({ service: "s", host: "127.0.0.1", port }));
const put = (port: number, revision: bigint): WatchEvent => ({ type: "put", key: `k${port}`, value: record(port), revision });
const del = (port: number, revision: bigint): WatchEvent => ({ type: "delete", key: `k${port}`, value: "", revision });

/** A scripted source: reads resolve when the test says so; opened watchers are recorded. */
class FakeSource implements WatchSource {
  reads: { resolve: (s: Snapshot) => void; reject: (e: Error) => void }[] = [];
  opened: { from: bigint; on: WatchHandlers; cancelled: boolean }[] = [];
  snapshot(): Promise<Snapshot> {
    return new Promise((resolve, reject) => this.reads.push({ resolve, reject }));
  }
  open(from: bigint, on: WatchHandlers) {
    const w = { from, on, cancelled: false };
    this.opened.push(w);
    return { cancel: () => void (w.cancelled = true) };
  }
  unreachable(cause: unknown): Error {
    return new Error(`unreachable: ${String(cause)}`);
  }
  answer(revision: bigint, ports: number[], clusterId = "c1"): void {
    const read = this.reads.shift()!;
    read.resolve({ records: new Map(ports.map((p) => [`k${p}`, record(p)])), revision, clusterId });
  }
}

const ports = (list: readonly { port: number }[] | undefined) => list?.map((i) => i.port).sort((a, b) => a - b);

describe("etcd service watch", () => {
  let source: FakeSource;
  let view: ServiceWatch;
  let latest: readonly { port: number }[] | undefined;
  const errors: Error[] = [];
  beforeEach(() => {
    source = new FakeSource();
    view = new ServiceWatch(source);
    latest = undefined;
    errors.length = 0;
  });
  afterEach(() => view.stop());

  it("delivers the read's list on a later tick, then watches from the read's revision + 1", async () => {
    let inside = true;
    view.add((l) => {
      expect(inside).to.equal(false);
      latest = l;
    });
    inside = false;
    source.answer(10n, [1, 2]);
    await within(1000, "the first list", () => latest !== undefined);
    expect(ports(latest)).to.deep.equal([1, 2]);
    expect(source.opened.map((w) => w.from)).to.deep.equal([11n]);
  });

  it("after a reconnect, applies only the events newer than the re-read, including those that arrived during it", async () => {
    view.add((l) => (latest = l), (e) => errors.push(e));
    source.answer(10n, [1, 2]);
    await within(1000, "the first list", () => latest !== undefined);
    const w = source.opened[0]!;
    w.on.disconnected(new Error("stream broke"));
    expect(errors).to.have.length(1);
    w.on.connected(15n, "c1");
    // Catch-up events arrive while the re-read is in flight: 12 and 13 are in it, 16 is not.
    w.on.events([put(3, 12n), del(1, 13n), put(4, 16n)]);
    source.answer(15n, [2, 3]);
    await within(1000, "the merged list", () => ports(latest)?.join() === "2,3,4");
    expect(source.opened).to.have.length(1); // resumed, not reopened
    w.on.events([del(2, 14n), del(3, 17n)]); // 14 is older than the list: ignored
    await within(1000, "the later change", () => ports(latest)?.join() === "2,4");
  });

  it("re-opens the watch from the new revision when the store went back (etcd restored empty) or the watch died", async () => {
    view.add((l) => (latest = l));
    source.answer(100n, [1]);
    await within(1000, "the first list", () => latest !== undefined);
    source.opened[0]!.on.disconnected(new Error("gone"));
    source.opened[0]!.on.connected(2n, "c1");
    source.answer(2n, []);
    await within(1000, "the empty list", () => ports(latest)?.join() === "");
    expect(source.opened.map((w) => [w.from, w.cancelled])).to.deep.equal([[101n, true], [3n, false]]);

    source.opened[1]!.on.failed(new Error("compacted"));
    await within(1000, "the re-read", () => source.reads.length > 0);
    source.answer(9n, [5]);
    await within(1000, "the list after the watch died", () => ports(latest)?.join() === "5");
    expect(source.opened.at(-1)!.from).to.equal(10n);
  });

  it("paces a watch that etcd refuses as soon as it opens, instead of looping", async () => {
    view.add((l) => (latest = l));
    const start = Date.now();
    // Answer every read and refuse every watch at once, for one second.
    while (Date.now() - start < 1000) {
      if (source.reads.length > 0) {
        source.answer(5n, [1]);
        await new Promise((r) => setImmediate(r));
        source.opened.at(-1)!.on.failed(new Error("permission denied"));
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(source.opened.length).to.be.within(2, 8); // 125 ms, 250 ms, 500 ms, 1 s... pauses, not hundreds
  });

  it("tells subscribers once per outage and keeps retrying the read", async () => {
    view.add((l) => (latest = l), (e) => errors.push(e));
    source.reads.shift()!.reject(new Error("down"));
    await within(1000, "a retried read", () => source.reads.length > 0);
    source.reads.shift()!.reject(new Error("still down"));
    await within(2000, "another retried read", () => source.reads.length > 0);
    expect(errors.map((e) => e.message)).to.deep.equal(["unreachable: Error: down"]);
    source.answer(3n, [7]);
    await within(1000, "the list", () => ports(latest)?.join() === "7");
  });
});
