import { expect } from "chai";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { RetryBudget } from "../../../runtime/resilience/retry-budget.js";
import { RetryPolicy } from "../../../runtime/resilience/retry.js";
import { FakeClock } from "../../helpers/fake-clock.js";

function spend(budget: RetryBudget, limit = 10_000): number {
  let n = 0;
  while (n < limit && budget.tryRetry()) n++;
  return n;
}

describe("RetryBudget", () => {
  it("allows the per-second reserve with no calls: 10/s x 10 s = 100 retries", () => {
    const budget = new RetryBudget({ clock: new FakeClock() });
    expect(spend(budget)).to.equal(100);
  });

  it("adds 20 % of the calls: 100 calls -> 120 retries, 5 calls -> exactly 1 without reserve", () => {
    const clock = new FakeClock();
    const budget = new RetryBudget({ clock });
    for (let i = 0; i < 100; i++) budget.onCall();
    expect(spend(budget)).to.equal(120);

    const lean = new RetryBudget({ clock, perSecond: 0 });
    for (let i = 0; i < 4; i++) lean.onCall();
    expect(spend(lean)).to.equal(0); // 0.8 of a retry
    lean.onCall();
    expect(spend(lean)).to.equal(1);
  });

  it("frees spent retries once they slide out of the 10 s window", () => {
    const clock = new FakeClock();
    const budget = new RetryBudget({ clock });
    expect(spend(budget, 40)).to.equal(40);
    clock.set(5_000);
    expect(spend(budget)).to.equal(60);
    clock.set(9_999);
    expect(spend(budget)).to.equal(0);
    clock.set(10_000);
    expect(spend(budget)).to.equal(40); // the 1 s bucket of t = 0 fell out
    clock.set(15_000);
    expect(spend(budget)).to.equal(60);
  });

  it("keeps a 10 s full outage at <= 1.2 x calls + 100 attempts: 1000 calls make exactly 1300", () => {
    const clock = new FakeClock();
    const budget = new RetryBudget({ clock });
    const policy = new RetryPolicy({ budget, random: () => 0.5 });
    const down = new RpcError(Code.UNAVAILABLE, "down");
    const method = { idempotent: true, retry: { max: 3, backoffMs: 100 } };
    let calls = 0;
    let attempts = 0;
    for (let t = 0; t < 10_000; t += 10) {
      clock.set(t);
      calls++;
      budget.onCall();
      for (let attempt = 1; ; attempt++) {
        attempts++; // every attempt fails
        if (!policy.decide(attempt, down, method, t + 60_000, t).retry) break;
      }
    }
    expect(calls).to.equal(1000);
    expect(attempts).to.equal(1300);
    expect(attempts).to.be.at.most(1.2 * calls + 100);
  });
});
