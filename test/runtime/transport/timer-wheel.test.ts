import { expect } from "chai";
import { TimerWheel, WHEEL_UNSCHEDULED, type WheelEntry } from "../../../runtime/transport/timer-wheel.js";

function entry(deadline: number, fired: string[], name: string): WheelEntry {
  return { deadline, wheelBucket: WHEEL_UNSCHEDULED, expire: () => fired.push(name) };
}

describe("TimerWheel", () => {
  it("fires entries at or after their deadline, never before", async () => {
    const wheel = new TimerWheel(10);
    const fired: string[] = [];
    const start = Date.now();
    const firedAt: Record<string, number> = {};
    for (const [name, delay] of [["a", 30], ["b", 60], ["c", 5]] as const) {
      wheel.add({ deadline: start + delay, wheelBucket: WHEEL_UNSCHEDULED, expire: () => { fired.push(name); firedAt[name] = Date.now() - start; } });
    }
    expect(wheel.size).to.equal(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(fired).to.deep.equal(["c", "a", "b"]);
    expect(firedAt["a"]).to.be.at.least(30);
    expect(firedAt["b"]).to.be.at.least(60);
    expect(wheel.size).to.equal(0);
  });

  it("does not fire removed entries", async () => {
    const wheel = new TimerWheel(10);
    const fired: string[] = [];
    const e = entry(Date.now() + 20, fired, "x");
    wheel.add(e);
    wheel.remove(e);
    expect(wheel.size).to.equal(0);
    expect(e.wheelBucket).to.equal(WHEEL_UNSCHEDULED);
    await new Promise((r) => setTimeout(r, 80));
    expect(fired).to.deep.equal([]);
  });

  it("fires entries whose deadline already passed on the next sweep", async () => {
    const wheel = new TimerWheel(10);
    const fired: string[] = [];
    wheel.add(entry(Date.now() - 1000, fired, "late"));
    await new Promise((r) => setTimeout(r, 60));
    expect(fired).to.deep.equal(["late"]);
  });

  it("keeps working after an expiry callback throws", async () => {
    const wheel = new TimerWheel(10);
    const fired: string[] = [];
    const now = Date.now();
    wheel.add({ deadline: now + 10, wheelBucket: WHEEL_UNSCHEDULED, expire: () => { throw new Error("boom"); } });
    wheel.add(entry(now + 10, fired, "ok"));
    await new Promise((r) => setTimeout(r, 80));
    expect(fired).to.deep.equal(["ok"]);
  });
});

describe("TimerWheel bookkeeping", () => {
  it("keeps entries further out than one turn of the ring until they are due", async () => {
    const wheel = new TimerWheel(1);
    const fired: string[] = [];
    const now = Date.now();
    // 512 slots of 1 ms: 1500 ms lands in slots that are swept (not due) before the entry's turn.
    wheel.add(entry(now + 1500, fired, "far"));
    wheel.add(entry(now + 20, fired, "near"));
    await new Promise((r) => setTimeout(r, 150));
    expect(fired).to.deep.equal(["near"]);
    expect(wheel.size).to.equal(1);
    for (let i = 0; i < 100 && fired.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(fired).to.deep.equal(["near", "far"]);
    expect(Date.now()).to.be.at.least(now + 1500);
    expect(wheel.size).to.equal(0);
  });

  it("removes entries from the head, middle and tail of a slot", async () => {
    const wheel = new TimerWheel(10);
    const fired: string[] = [];
    const deadline = Date.now() + 30;
    const es = ["a", "b", "c", "d", "e"].map((n) => entry(deadline, fired, n));
    for (const e of es) wheel.add(e);
    wheel.remove(es[0]!);
    wheel.remove(es[2]!);
    wheel.remove(es[4]!);
    wheel.remove(es[4]!); // twice is harmless
    expect(wheel.size).to.equal(2);
    await new Promise((r) => setTimeout(r, 120));
    expect(fired).to.deep.equal(["b", "d"]);
    expect(wheel.size).to.equal(0);
  });

  it("does not fire an entry that an earlier expiry removed", async () => {
    const wheel = new TimerWheel(10);
    const fired: string[] = [];
    const deadline = Date.now() + 20;
    const victim = entry(deadline, fired, "victim");
    wheel.add({ deadline, wheelBucket: WHEEL_UNSCHEDULED, expire: () => { fired.push("first"); wheel.remove(victim); } });
    wheel.add(victim);
    wheel.add(entry(deadline, fired, "last"));
    await new Promise((r) => setTimeout(r, 100));
    expect(fired).to.deep.equal(["first", "last"]);
    expect(wheel.size).to.equal(0);
  });

  it("re-arms an entry added again after it fired or was removed", async () => {
    const wheel = new TimerWheel(10);
    const fired: string[] = [];
    const e = entry(Date.now() + 10, fired, "x");
    wheel.add(e);
    wheel.add(e); // already scheduled: no double entry
    expect(wheel.size).to.equal(1);
    await new Promise((r) => setTimeout(r, 80));
    expect(fired).to.deep.equal(["x"]);
    wheel.add(e); // deadline passed: fires on the next sweep
    await new Promise((r) => setTimeout(r, 80));
    expect(fired).to.deep.equal(["x", "x"]);
    expect(wheel.size).to.equal(0);
  });
});
