import { expect } from "chai";
import { createBreaker, type BreakerSpec } from "../../../../runtime/resilience/breaker/create.js";
import { ErrorRateBreaker } from "../../../../runtime/resilience/breaker/error-rate.js";
import { SreThrottle } from "../../../../runtime/resilience/breaker/sre-throttle.js";
import { FakeClock } from "../../../helpers/fake-clock.js";

describe("createBreaker()", () => {
  it("builds each kind by name with its options", () => {
    const clock = new FakeClock();
    const breaker = createBreaker({ kind: "error-rate", options: { clock, minimumCalls: 2 } });
    expect(breaker).to.be.instanceOf(ErrorRateBreaker);
    breaker.allow();
    breaker.done("failure");
    breaker.allow();
    breaker.done("failure");
    expect(breaker.allow()).to.equal(10_000); // opened at 2 calls, not the default 20
    expect(createBreaker({ kind: "sre" })).to.be.instanceOf(SreThrottle);
  });

  it("names the known kinds when given an unknown one", () => {
    expect(() => createBreaker({ kind: "hystrix" } as unknown as BreakerSpec)).to.throw(RangeError, /use one of error-rate, sre/);
  });
});
