import { expect } from "chai";
import { Backoff } from "../../../runtime/transport/backoff.js";

describe("Backoff", () => {
  it("grows x1.6 from 1 s and caps at 120 s without jitter", () => {
    const b = new Backoff({ jitter: 0 });
    const seen = Array.from({ length: 14 }, () => b.next());
    expect(seen.slice(0, 4)).to.deep.equal([1000, 1600, 2560, 4096]);
    expect(Math.max(...seen)).to.equal(120_000);
    expect(seen.at(-1)).to.equal(120_000);
  });

  it("applies ±20 % jitter after the cap", () => {
    const low = new Backoff({ maxMs: 1000 }, () => 0);
    const high = new Backoff({ maxMs: 1000 }, () => 0.999999);
    for (let i = 0; i < 10; i++) {
      low.next();
      high.next();
    }
    expect(low.next()).to.equal(800);
    expect(high.next()).to.equal(1200);
  });

  it("starts over after reset()", () => {
    const b = new Backoff({ jitter: 0, initialMs: 100 });
    b.next();
    b.next();
    b.reset();
    expect(b.next()).to.equal(100);
  });
});
