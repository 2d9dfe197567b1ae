import { expect } from "chai";
import { rejectProbability, SreThrottle } from "../../../../runtime/resilience/breaker/sre-throttle.js";
import { FakeClock, sequenceRandom } from "../../../helpers/fake-clock.js";

describe("rejectProbability() (SRE adaptive throttling)", () => {
  it("is max(0, (requests - K x accepts) / (requests + 1))", () => {
    expect(rejectProbability(0, 0, 2)).to.equal(0);
    expect(rejectProbability(10, 5, 2)).to.equal(0);
    expect(rejectProbability(10, 4, 2)).to.equal(2 / 11);
    expect(rejectProbability(10, 0, 2)).to.equal(10 / 11);
    expect(rejectProbability(100, 10, 2)).to.equal(80 / 101);
    expect(rejectProbability(3, 1, 1.5)).to.equal(0.375);
    expect(rejectProbability(10, 9, 2)).to.equal(0);
  });
});

describe("SreThrottle", () => {
  it("admits everything while the target accepts at least 1/K of the calls", () => {
    const clock = new FakeClock();
    const throttle = new SreThrottle({ clock, random: sequenceRandom(0) });
    for (let i = 0; i < 1000; i++) {
      expect(throttle.allow()).to.equal(0);
      throttle.done(i % 2 === 0 ? "success" : "failure"); // 50 % = 1/K accepted
    }
    expect(throttle.probability()).to.equal(0);
  });

  it("starts rejecting once requests exceed K x accepts, at the rate the formula gives", () => {
    const clock = new FakeClock();
    const throttle = new SreThrottle({ clock, random: sequenceRandom(0.5) });
    for (let i = 0; i < 100; i++) {
      throttle.allow();
      throttle.done("success");
    }
    // Now every call fails. With random 0.5, a call is rejected once (r - 200) / (r + 1) > 0.5, i.e. r > 401.
    let admitted = 0;
    while (throttle.allow() === 0 && admitted < 10_000) {
      admitted++;
      throttle.done("failure");
    }
    expect(100 + admitted).to.equal(402);
    expect(throttle.probability()).to.equal((403 - 200) / 404);
  });

  it("decides with the injected random number against p, and hints the next bucket", () => {
    const clock = new FakeClock(10_250);
    // 10 requests, 0 accepts: p = 10/11 = 0.909 for the 11th call.
    // The first call sees p = 0 and draws nothing; calls 2..10 draw 0.99 (>= p = (n-1)/n): admitted.
    const throttle = new SreThrottle({ clock, random: sequenceRandom(...new Array<number>(9).fill(0.99), 0.9, 0.95) });
    for (let i = 0; i < 10; i++) expect(throttle.allow()).to.equal(0);
    expect(throttle.allow()).to.equal(750); // 0.9 < 10/11: rejected; buckets are 1 s
    expect(throttle.allow()).to.equal(0); // 0.95 >= 11/12
  });

  it("forgets the outage after one window and takes back ignored calls", () => {
    const clock = new FakeClock();
    const throttle = new SreThrottle({ clock, random: sequenceRandom(0) });
    for (let i = 0; i < 50; i++) {
      throttle.allow();
      throttle.done("ignore");
    }
    expect(throttle.probability()).to.equal(0);
    for (let i = 0; i < 50; i++) throttle.allow();
    expect(throttle.probability()).to.equal(50 / 51);
    expect(throttle.isOpen()).to.equal(false); // never a hard stop
    clock.advance(60_000);
    expect(throttle.probability()).to.equal(0);
  });
});
