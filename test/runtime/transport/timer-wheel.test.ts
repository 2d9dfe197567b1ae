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
