import { expect } from "chai";
import fc from "fast-check";
import { FixedWindow } from "../../../../runtime/resilience/limiter/fixed-window.js";
import { LeakyBucket } from "../../../../runtime/resilience/limiter/leaky-bucket.js";
import type { Limiter } from "../../../../runtime/resilience/limiter/limiter.js";
import { SlidingWindow } from "../../../../runtime/resilience/limiter/sliding-window.js";
import { TokenBucket } from "../../../../runtime/resilience/limiter/token-bucket.js";

/** Arrival times: sorted integer ms within 3 s, bursts included (equal times). */
const arrivals = fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 400 }).map((ts) => ts.sort((a, b) => a - b));

function admittedTimes(limiter: Limiter, times: readonly number[]): number[] {
  return times.filter((t) => limiter.tryAcquire(t) === 0);
}

/** The most admissions inside any closed interval [a, a + span]. */
function maxIn(times: readonly number[], span: number): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! > span) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe("limiter bounds (any arrival pattern)", () => {
  it("token bucket: never more than burst + rate x span in any span", () => {
    fc.assert(
      fc.property(arrivals, fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 20 }), (times, limit, burst) => {
        const admitted = admittedTimes(new TokenBucket({ limit, burst }), times);
        for (const span of [0, 10, 100, 1000]) expect(maxIn(admitted, span)).to.be.at.most(burst + Math.floor((limit * span) / 1000));
      }),
    );
  });

  it("leaky bucket: never more than burst + rate x span in any span", () => {
    fc.assert(
      fc.property(arrivals, fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 5 }), (times, limit, burst) => {
        const admitted = admittedTimes(new LeakyBucket({ limit, burst }), times);
        for (const span of [0, 10, 100, 1000]) expect(maxIn(admitted, span)).to.be.at.most(burst + Math.floor((limit * span) / 1000));
      }),
    );
  });

  it("fixed window: never more than limit in an aligned window, 2 x limit in any second", () => {
    fc.assert(
      fc.property(arrivals, fc.integer({ min: 1, max: 50 }), (times, limit) => {
        const admitted = admittedTimes(new FixedWindow({ limit }), times);
        for (let w = 0; w <= 3; w++) expect(admitted.filter((t) => Math.floor(t / 1000) === w).length).to.be.at.most(limit);
        expect(maxIn(admitted, 999)).to.be.at.most(2 * limit);
      }),
    );
  });

  it("sliding window: never more than limit in an aligned window, and admits whenever the estimate is below the limit", () => {
    fc.assert(
      fc.property(arrivals, fc.integer({ min: 1, max: 50 }), (times, limit) => {
        const limiter = new SlidingWindow({ limit });
        const counts = [0, 0, 0, 0];
        for (const t of times) {
          const w = Math.floor(t / 1000);
          const estimate = (w > 0 ? counts[w - 1]! : 0) * (1 - (t - w * 1000) / 1000) + counts[w]!;
          const admitted = limiter.tryAcquire(t) === 0;
          expect(admitted, `t=${t} estimate ${estimate}`).to.equal(estimate < limit);
          if (admitted) counts[w]!++;
        }
        for (const c of counts) expect(c).to.be.at.most(limit);
      }),
    );
  });
});
