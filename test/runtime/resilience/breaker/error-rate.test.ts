import { expect } from "chai";
import { Code } from "../../../../runtime/codes.js";
import { RpcError } from "../../../../runtime/errors.js";
import { outcomeOf, type Outcome } from "../../../../runtime/resilience/breaker/breaker.js";
import { ErrorRateBreaker, type BreakerState, type ErrorRateOptions } from "../../../../runtime/resilience/breaker/error-rate.js";
import { NotFound } from "../../../helpers/descriptors.js";
import { FakeClock } from "../../../helpers/fake-clock.js";

function setup(options: ErrorRateOptions = {}) {
  const clock = new FakeClock(1_000_000);
  const log: string[] = [];
  const breaker = new ErrorRateBreaker({
    clock,
    onStateChange: (from: BreakerState, to: BreakerState, now: number) => log.push(`${from}->${to}@${now - 1_000_000}`),
    ...options,
  });
  /** Send `n` calls that end with `outcome`, each allowed first. */
  const calls = (n: number, outcome: Outcome): void => {
    for (let i = 0; i < n; i++) {
      expect(breaker.allow(), `call ${i} admitted`).to.equal(0);
      breaker.done(outcome);
    }
  };
  return { clock, log, breaker, calls };
}

describe("ErrorRateBreaker", () => {
  it("does not judge fewer than 20 calls: 19 failures keep it closed, the 20th opens it", () => {
    const { breaker, calls, log } = setup();
    calls(19, "failure");
    expect(breaker.state).to.equal("closed");
    calls(1, "failure");
    expect(breaker.state).to.equal("open");
    expect(log).to.deep.equal(["closed->open@0"]);
  });

  it("opens at 50 % errors, not below", () => {
    const { breaker, calls } = setup();
    calls(11, "success");
    calls(9, "failure"); // 9 / 20 = 45 %
    expect(breaker.state).to.equal("closed");
    calls(2, "failure"); // 11 / 22 = 50 %
    expect(breaker.state).to.equal("open");
  });

  it("runs closed -> open -> half-open -> closed, hinting the time left while open", () => {
    const { breaker, calls, clock, log } = setup();
    calls(20, "failure");
    clock.advance(4000);
    expect(breaker.allow()).to.equal(6000);
    clock.advance(5999);
    expect(breaker.allow()).to.equal(1);
    clock.advance(1);
    expect(breaker.allow()).to.equal(0); // the probe
    expect(breaker.state).to.equal("half-open");
    expect(breaker.allow()).to.equal(10_000); // one probe at a time by default
    breaker.done("success");
    expect(breaker.state).to.equal("closed");
    expect(log).to.deep.equal(["closed->open@0", "open->half-open@10000", "half-open->closed@10000"]);
    // Closing starts a fresh window: one failure does not reopen it.
    calls(1, "failure");
    expect(breaker.state).to.equal("closed");
  });

  it("answers isOpen() without taking a probe", () => {
    const { breaker, calls, clock } = setup({ probes: 2 });
    expect(breaker.isOpen()).to.equal(false);
    calls(20, "failure");
    expect(breaker.isOpen()).to.equal(true);
    clock.advance(9_999);
    expect(breaker.isOpen()).to.equal(true);
    clock.advance(1);
    expect(breaker.isOpen()).to.equal(false); // probes are due
    expect(breaker.isOpen()).to.equal(false);
    expect(breaker.state).to.equal("open"); // asking moved nothing
    expect([breaker.allow(), breaker.isOpen(), breaker.allow(), breaker.isOpen()]).to.deep.equal([0, false, 0, true]);
  });

  it("reopens on a failed probe for another full open time", () => {
    const { breaker, calls, clock, log } = setup();
    calls(20, "failure");
    clock.advance(10_000);
    expect(breaker.allow()).to.equal(0);
    clock.advance(250);
    breaker.done("failure");
    expect(breaker.allow()).to.equal(10_000);
    clock.advance(10_000);
    expect(breaker.allow()).to.equal(0);
    expect(log).to.deep.equal([
      "closed->open@0",
      "open->half-open@10000",
      "half-open->open@10250",
      "open->half-open@20250",
    ]);
  });

  it("with 3 probes: lets 3 through, needs 3 successes to close, and one failure reopens", () => {
    const { breaker, calls, clock } = setup({ probes: 3 });
    calls(20, "failure");
    clock.advance(10_000);
    expect([breaker.allow(), breaker.allow(), breaker.allow(), breaker.allow()]).to.deep.equal([0, 0, 0, 10_000]);
    breaker.done("success");
    breaker.done("success");
    expect(breaker.state).to.equal("half-open");
    expect(breaker.allow()).to.equal(10_000); // 2 succeeded + 1 out = 3
    breaker.done("success");
    expect(breaker.state).to.equal("closed");

    calls(20, "failure");
    clock.advance(10_000);
    expect(breaker.allow()).to.equal(0);
    expect(breaker.allow()).to.equal(0);
    breaker.done("success");
    breaker.done("failure");
    expect(breaker.state).to.equal("open");
  });

  it("gives a probe slot back on `ignore` and ignores late results while open", () => {
    const { breaker, clock } = setup();
    for (let i = 0; i < 20; i++) breaker.allow();
    for (let i = 0; i < 20; i++) breaker.done("failure");
    expect(breaker.state).to.equal("open");
    breaker.done("success"); // a late call sent while closed
    expect(breaker.state).to.equal("open");
    clock.advance(10_000);
    expect(breaker.allow()).to.equal(0);
    breaker.done("ignore");
    expect(breaker.state).to.equal("half-open");
    expect(breaker.allow()).to.equal(0);
    breaker.done("success");
    expect(breaker.state).to.equal("closed");
  });

  it("forgets failures that slid out of the 60 s window", () => {
    const { breaker, calls, clock } = setup();
    calls(15, "failure");
    clock.advance(60_000);
    calls(5, "failure");
    expect(breaker.state).to.equal("closed"); // 5 calls in the window
    calls(14, "failure");
    expect(breaker.state).to.equal("closed");
    calls(1, "failure");
    expect(breaker.state).to.equal("open");
  });

  it("rejects nonsense options", () => {
    expect(() => new ErrorRateBreaker({ errorRate: 0 })).to.throw(RangeError, /errorRate/);
    expect(() => new ErrorRateBreaker({ probes: 0 })).to.throw(RangeError, /probes/);
  });
});

describe("outcomeOf()", () => {
  it("counts only signs of an unhealthy target as failures", () => {
    expect(outcomeOf(undefined)).to.equal("success");
    expect(outcomeOf(new NotFound({ id: "x", code: 1 }))).to.equal("success");
    expect(outcomeOf(new RpcError(Code.NOT_FOUND, "x"))).to.equal("success");
    expect(outcomeOf(new RpcError(Code.INVALID_ARGUMENT, "x"))).to.equal("success");
    expect(outcomeOf(new RpcError(Code.CANCELLED, "x"))).to.equal("ignore");
    for (const code of [Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED, Code.RESOURCE_EXHAUSTED, Code.INTERNAL, Code.UNKNOWN]) {
      expect(outcomeOf(new RpcError(code, "x")), code).to.equal("failure");
    }
  });
});
