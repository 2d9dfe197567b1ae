import { expect } from "chai";
import { RollingWindow } from "../../../runtime/resilience/rolling-window.js";

describe("RollingWindow", () => {
  it("sums exactly what was added within the last window, bucket by bucket", () => {
    const window = new RollingWindow(1000, 10, 2);
    const added: { t: number; field: number; amount: number }[] = [];
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    let t = 0;
    for (let i = 0; i < 2000; i++) {
      t += Math.floor(next() * 60); // gaps from 0 to 59 ms, now and then several buckets
      if (next() < 0.02) t += 1500; // and sometimes past the whole window
      const field = next() < 0.5 ? 0 : 1;
      const amount = Math.floor(next() * 5);
      window.add(t, field, amount);
      added.push({ t, field, amount });
      // The window holds the 10 buckets of 100 ms ending with the one holding t.
      const oldest = (Math.floor(t / 100) - 9) * 100;
      for (const f of [0, 1]) {
        const expected = added.filter((a) => a.field === f && a.t >= oldest).reduce((s, a) => s + a.amount, 0);
        expect(window.sum(t, f), `t=${t} field ${f}`).to.equal(expected);
      }
    }
    window.roll(t);
    expect(window.at(0, 0) + window.at(0, 1)).to.equal(
      added.filter((a) => Math.floor(a.t / 100) === Math.floor(t / 100)).reduce((s, a) => s + a.amount, 0),
    );
  });

  it("ignores time going backwards and rejects a bad shape", () => {
    const window = new RollingWindow(1000, 10, 1);
    window.add(5000, 0, 3);
    window.add(100, 0, 2); // lands in the current bucket
    expect(window.sum(5000, 0)).to.equal(5);
    expect(() => new RollingWindow(1000, 0, 1)).to.throw(RangeError, /buckets/);
  });
});
