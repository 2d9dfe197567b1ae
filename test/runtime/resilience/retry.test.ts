import { expect } from "chai";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { RetryBudget } from "../../../runtime/resilience/retry-budget.js";
import { isRetryable, RetryPolicy } from "../../../runtime/resilience/retry.js";
import { NotFound } from "../../helpers/descriptors.js";
import { FakeClock, sequenceRandom } from "../../helpers/fake-clock.js";

const idem = { idempotent: true };
const plain = { idempotent: false };
const unavailable = new RpcError(Code.UNAVAILABLE, "gone");

describe("RetryPolicy backoff", () => {
  it("doubles from 100 ms and caps at 1 s before jitter (jitter factor 1 at random 0.5)", () => {
    const policy = new RetryPolicy({ random: () => 0.5 });
    expect([1, 2, 3, 4, 5, 6].map((r) => policy.backoffMs(r))).to.deep.equal([100, 200, 400, 800, 1000, 1000]);
  });

  it("stays within 0.8 .. 1.2 of the base", () => {
    const low = new RetryPolicy({ random: () => 0 });
    const high = new RetryPolicy({ random: () => 0.999_999 });
    for (let r = 1; r <= 6; r++) {
      const base = Math.min(1000, 100 * 2 ** (r - 1));
      expect(low.backoffMs(r)).to.be.closeTo(0.8 * base, 1e-9);
      expect(high.backoffMs(r)).to.be.within(0.8 * base, 1.2 * base);
      expect(high.backoffMs(r)).to.be.closeTo(1.2 * base, 0.001);
    }
  });

  it("starts from the method's @retry(backoff)", () => {
    const policy = new RetryPolicy({ random: () => 0.5 });
    const method = { retry: { max: 3, backoffMs: 50 } };
    expect([1, 2, 3].map((r) => policy.backoffMs(r, method))).to.deep.equal([50, 100, 200]);
  });
});

describe("RetryPolicy attempts", () => {
  it("defaults to 3, takes @retry(max), and clamps to 1..5", () => {
    const policy = new RetryPolicy();
    expect(policy.attemptsFor({})).to.equal(3);
    expect(policy.attemptsFor({ retry: { max: 2, backoffMs: 100 } })).to.equal(2);
    expect(policy.attemptsFor({ retry: { max: 100, backoffMs: 100 } })).to.equal(5);
    expect(policy.attemptsFor({ retry: { max: 0, backoffMs: 100 } })).to.equal(1);
  });
});

describe("isRetryable()", () => {
  it("retries any method on not-processed errors, idempotent ones also on UNAVAILABLE", () => {
    const rejected = new RpcError(Code.RESOURCE_EXHAUSTED, "limited", { notProcessed: true });
    expect(isRetryable(rejected, false)).to.equal(true);
    expect(isRetryable(unavailable, true)).to.equal(true);
    expect(isRetryable(unavailable, false)).to.equal(false);
    expect(isRetryable(new RpcError(Code.DEADLINE_EXCEEDED, "late"), true)).to.equal(false);
    expect(isRetryable(new RpcError(Code.RESOURCE_EXHAUSTED, "processed"), true)).to.equal(false);
    expect(isRetryable(new RpcError(Code.INTERNAL, "bug"), true)).to.equal(false);
    expect(isRetryable(new NotFound({ id: "a", code: 1 }), true)).to.equal(false);
    expect(isRetryable(new Error("x"), true)).to.equal(false);
  });
});

describe("RetryPolicy.decide()", () => {
  it("retries an idempotent UNAVAILABLE until the attempts run out", () => {
    const policy = new RetryPolicy({ random: () => 0.5 });
    const method = { idempotent: true, retry: { max: 2, backoffMs: 100 } };
    expect(policy.decide(1, unavailable, method, 10_000, 0)).to.deep.equal({ retry: true, delayMs: 100 });
    expect(policy.decide(2, unavailable, method, 10_000, 0)).to.deep.equal({ retry: false, reason: "attempts" });
  });

  it("does not retry what is unsafe to repeat", () => {
    const policy = new RetryPolicy();
    expect(policy.decide(1, unavailable, plain, 10_000, 0)).to.deep.equal({ retry: false, reason: "not-retryable" });
    const notProcessed = new RpcError(Code.UNAVAILABLE, "never sent", { notProcessed: true });
    expect(policy.decide(1, notProcessed, plain, 10_000, 0).retry).to.equal(true);
  });

  it("never schedules an attempt at or past the deadline", () => {
    const policy = new RetryPolicy({ random: sequenceRandom(0.5) });
    expect(policy.decide(1, unavailable, idem, 1100, 1000)).to.deep.equal({ retry: false, reason: "deadline" });
    expect(policy.decide(1, unavailable, idem, 1101, 1000)).to.deep.equal({ retry: true, delayMs: 100 });
  });

  it("asks the budget last, so refused retries spend nothing", () => {
    const clock = new FakeClock();
    const budget = new RetryBudget({ clock, perSecond: 0.1 }); // 1 retry per 10 s window
    const policy = new RetryPolicy({ budget, random: () => 0.5 });
    expect(policy.decide(1, unavailable, plain, 10_000, 0).retry).to.equal(false);
    expect(policy.decide(1, unavailable, idem, 50, 0).retry).to.equal(false);
    expect(budget.available(0)).to.be.closeTo(1, 1e-6);
    expect(policy.decide(1, unavailable, idem, 10_000, 0)).to.deep.equal({ retry: true, delayMs: 100 });
    expect(policy.decide(1, unavailable, idem, 10_000, 0)).to.deep.equal({ retry: false, reason: "budget" });
  });

  it("rejects a jitter range that could make delays negative or inverted", () => {
    expect(() => new RetryPolicy({ jitter: [1.2, 0.8] })).to.throw(RangeError, /jitter/);
  });
});
