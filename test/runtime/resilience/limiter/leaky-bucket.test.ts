import { expect } from "chai";
import { LeakyBucket } from "../../../../runtime/resilience/limiter/leaky-bucket.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { offer } from "./offered-load.js";

describe("LeakyBucket (GCRA meter)", () => {
  it("at 100/s offered 500/s for 5 s admits exactly 100 per second (500), spaced 10 ms apart", () => {
    const clock = new FakeClock();
    const bucket = new LeakyBucket({ limit: 100, clock });
    const times: number[] = [];
    for (let t = 0; t < 5000; t += 2) {
      clock.set(t);
      if (bucket.tryAcquire() === 0) times.push(t);
    }
    expect(times.length).to.equal(500);
    expect(times.slice(0, 4)).to.deep.equal([0, 10, 20, 30]);
    expect(times.every((t, i) => t === i * 10)).to.equal(true);
  });

  it("hints the time until the next conforming slot", () => {
    const clock = new FakeClock();
    const bucket = new LeakyBucket({ limit: 100, clock });
    expect(bucket.tryAcquire()).to.equal(0);
    clock.set(2);
    expect(bucket.tryAcquire()).to.equal(8);
    clock.set(9);
    expect(bucket.tryAcquire()).to.equal(1);
    clock.set(10);
    expect(bucket.tryAcquire()).to.equal(0);
  });

  it("with burst 5 lets 6 through at 2 ms spacing, then the steady rate (104 + 4 x 100)", () => {
    const clock = new FakeClock();
    const load = offer(new LeakyBucket({ limit: 100, burst: 5, clock }), clock, 2, 5);
    // Calls at 0..10 conform (the schedule may run 40 ms ahead), then every 10 ms from 20.
    expect(load.perWindow).to.deep.equal([104, 100, 100, 100, 100]);
    clock.set(10_000);
    const b = new LeakyBucket({ limit: 100, burst: 5, clock });
    for (let i = 0; i < 5; i++) expect(b.tryAcquire()).to.equal(0);
    expect(b.tryAcquire()).to.equal(10); // back to back: the 6th waits one interval
  });
});
