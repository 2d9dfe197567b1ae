import { expect } from "chai";
import { TokenBucket } from "../../../../runtime/resilience/limiter/token-bucket.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { offer } from "./offered-load.js";

describe("TokenBucket", () => {
  it("at 100/s offered 500/s for 5 s admits the burst plus the rate: 109, then 100 per second (509)", () => {
    const clock = new FakeClock();
    const load = offer(new TokenBucket({ limit: 100, clock }), clock, 2, 5);
    // Default burst 10; tokens earned by t = 10 + t/10, every whole one taken within 2 ms.
    expect(load.offered).to.equal(2500);
    expect(load.perWindow).to.deep.equal([109, 100, 100, 100, 100]);
    expect(Math.abs(load.admitted - 500) / 500).to.be.at.most(0.05);
  });

  it("lets `burst` calls through back to back, then hints when the next token is due", () => {
    const clock = new FakeClock(1000);
    const bucket = new TokenBucket({ limit: 100, burst: 10, clock });
    for (let i = 0; i < 10; i++) expect(bucket.tryAcquire()).to.equal(0);
    expect(bucket.tryAcquire()).to.equal(10); // one token per 10 ms
    clock.advance(3);
    expect(bucket.tryAcquire()).to.equal(7);
    clock.advance(7);
    expect(bucket.tryAcquire()).to.equal(0);
    expect(bucket.tryAcquire()).to.equal(10);
  });

  it("refills only up to the burst after a long idle time", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ limit: 100, burst: 5, clock });
    bucket.tryAcquire();
    clock.advance(60_000);
    let admitted = 0;
    while (bucket.tryAcquire() === 0 && admitted < 100) admitted++;
    expect(admitted).to.equal(5);
  });

  it("does not refill when the clock goes backwards", () => {
    const clock = new FakeClock(5000);
    const bucket = new TokenBucket({ limit: 1, burst: 1, clock });
    expect(bucket.tryAcquire()).to.equal(0);
    clock.set(1000);
    expect(bucket.tryAcquire()).to.equal(1000);
    clock.set(5999);
    expect(bucket.tryAcquire()).to.equal(1);
    clock.set(6000);
    expect(bucket.tryAcquire()).to.equal(0);
  });

  it("supports windows other than a second (limit per windowMs)", () => {
    const clock = new FakeClock();
    const load = offer(new TokenBucket({ limit: 6, windowMs: 60_000, burst: 1, clock }), clock, 1000, 3, 60_000);
    expect(load.perWindow).to.deep.equal([6, 6, 6]); // one per 10 s
  });

  it("rejects nonsense options with a message that says what is allowed", () => {
    expect(() => new TokenBucket({ limit: 0 })).to.throw(RangeError, /limit must be a finite number > 0/);
    expect(() => new TokenBucket({ limit: 1, burst: 0 })).to.throw(RangeError, /burst must be >= 1/);
    expect(() => new TokenBucket({ limit: 1, windowMs: -1 })).to.throw(RangeError, /windowMs/);
  });
});
