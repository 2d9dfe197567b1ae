import { expect } from "chai";
import { FixedWindow } from "../../../../runtime/resilience/limiter/fixed-window.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { offer } from "./offered-load.js";

describe("FixedWindow", () => {
  it("at 100/s offered 500/s for 5 s admits exactly 100 per window (500)", () => {
    const clock = new FakeClock();
    const load = offer(new FixedWindow({ limit: 100, clock }), clock, 2, 5);
    expect(load.perWindow).to.deep.equal([100, 100, 100, 100, 100]);
  });

  it("hints the time left in the window", () => {
    const clock = new FakeClock(200);
    const limiter = new FixedWindow({ limit: 2, clock });
    expect(limiter.tryAcquire()).to.equal(0);
    expect(limiter.tryAcquire()).to.equal(0);
    expect(limiter.tryAcquire()).to.equal(800);
    clock.set(999.5);
    expect(limiter.tryAcquire()).to.equal(1);
    clock.set(1000);
    expect(limiter.tryAcquire()).to.equal(0);
  });

  it("lets 2 x limit through across a window boundary (the known weakness)", () => {
    const clock = new FakeClock(999);
    const limiter = new FixedWindow({ limit: 100, clock });
    let admitted = 0;
    for (let i = 0; i < 150; i++) if (limiter.tryAcquire() === 0) admitted++;
    clock.set(1000);
    for (let i = 0; i < 150; i++) if (limiter.tryAcquire() === 0) admitted++;
    expect(admitted).to.equal(200);
  });
});
