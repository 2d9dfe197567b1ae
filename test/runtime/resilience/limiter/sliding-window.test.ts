import { expect } from "chai";
import { SlidingWindow } from "../../../../runtime/resilience/limiter/sliding-window.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { offer } from "./offered-load.js";

describe("SlidingWindow (two-window weighted estimate)", () => {
  it("at 100/s offered 500/s for 5 s admits exactly 100 per window (500)", () => {
    const clock = new FakeClock();
    const load = offer(new SlidingWindow({ limit: 100, clock }), clock, 2, 5);
    // From the second window on, a call at offset e passes while admitted-so-far < e / 10.
    expect(load.perWindow).to.deep.equal([100, 100, 100, 100, 100]);
  });

  it("does not let 2 x limit through across a boundary, and hints when the estimate falls", () => {
    const clock = new FakeClock(999);
    const limiter = new SlidingWindow({ limit: 100, clock });
    let admitted = 0;
    for (let i = 0; i < 150; i++) if (limiter.tryAcquire() === 0) admitted++;
    expect(admitted).to.equal(100);
    clock.set(1000);
    expect(limiter.tryAcquire()).to.equal(1); // estimate 100 x 1000/1000 = 100
    clock.set(1001);
    expect(limiter.tryAcquire()).to.equal(0); // 99.9
    expect(limiter.tryAcquire()).to.equal(10); // 100.9: passes again at offset 11 (98.9 + 1)
    clock.set(1010);
    expect(limiter.tryAcquire()).to.equal(1);
    clock.set(1011);
    expect(limiter.tryAcquire()).to.equal(0);
  });

  it("when the current window alone is full, hints past its end", () => {
    const clock = new FakeClock();
    const limiter = new SlidingWindow({ limit: 10, clock });
    for (let i = 0; i < 10; i++) expect(limiter.tryAcquire()).to.equal(0);
    clock.set(500);
    expect(limiter.tryAcquire()).to.equal(501);
    clock.set(1001);
    expect(limiter.tryAcquire()).to.equal(0);
  });

  it("forgets the previous window after a gap longer than a window", () => {
    const clock = new FakeClock();
    const limiter = new SlidingWindow({ limit: 100, clock });
    for (let i = 0; i < 100; i++) limiter.tryAcquire();
    clock.set(2500);
    let admitted = 0;
    for (let i = 0; i < 150; i++) if (limiter.tryAcquire() === 0) admitted++;
    expect(admitted).to.equal(100);
  });
});
