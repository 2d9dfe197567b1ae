import { expect } from "chai";
import { createLimiter, limiterKinds, type LimiterKind } from "../../../../runtime/resilience/limiter/create.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { offer } from "./offered-load.js";

describe("createLimiter()", () => {
  it("builds every kind by name; each admits 500 +/- 5 % at 100/s offered 500/s for 5 s", () => {
    expect(limiterKinds).to.deep.equal(["token-bucket", "leaky-bucket", "fixed-window", "sliding-window"]);
    for (const kind of limiterKinds) {
      const clock = new FakeClock();
      const load = offer(createLimiter(kind, { limit: 100, clock }), clock, 2, 5);
      expect(load.admitted, kind).to.be.within(475, 525);
    }
  });

  it("names the known kinds when given an unknown one", () => {
    expect(() => createLimiter("nope" as LimiterKind, { limit: 1 })).to.throw(RangeError, /use one of token-bucket/);
  });
});
