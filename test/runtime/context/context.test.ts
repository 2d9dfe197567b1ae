import { expect } from "chai";
import { currentContext, detachContext, runWithContext, withDeadline } from "../../../runtime/context.js";
import { callDeadline, minDeadline, remainingMs } from "../../../runtime/deadline.js";

describe("context (AsyncLocalStorage)", () => {
  it("flows through awaits and timers", async () => {
    const seen = await runWithContext({ deadline: 123, metadata: { a: "1" } }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      return currentContext();
    });
    expect(seen).to.deep.equal({ deadline: 123, metadata: { a: "1" }, signal: undefined });
    expect(currentContext()).to.equal(undefined);
  });

  it("detachContext drops the inherited deadline and metadata", async () => {
    await runWithContext({ deadline: 123, metadata: { a: "1" } }, async () => {
      const inner = await detachContext(async () => {
        await Promise.resolve();
        return currentContext();
      });
      expect(inner?.deadline).to.equal(undefined);
      expect(inner?.metadata).to.deep.equal({});
      expect(currentContext()?.deadline).to.equal(123);
    });
  });

  it("withDeadline replaces the deadline (even a later one) and keeps metadata", async () => {
    const now = Date.now();
    await runWithContext({ deadline: now + 10, metadata: { a: "1" } }, async () => {
      const inner = withDeadline(60_000, () => currentContext());
      expect(inner!.deadline).to.be.at.least(now + 60_000);
      expect(inner!.metadata).to.deep.equal({ a: "1" });
      const abs = withDeadline({ deadline: now + 5 }, () => currentContext());
      expect(abs!.deadline).to.equal(now + 5);
      const start = Date.now();
      const both = withDeadline({ deadline: now + 50_000, timeout: 1000 }, () => currentContext());
      const end = Date.now();
      // The earlier of the two won: the 1 s timeout counted from the call, not the absolute 50 s deadline.
      expect(both!.deadline, "the timeout won").to.be.within(start + 1000, end + 1000);
      const later = withDeadline({ deadline: now + 200, timeout: 60_000 }, () => currentContext());
      expect(later!.deadline, "the absolute deadline won").to.equal(now + 200);
    });
  });
});

describe("deadlines", () => {
  const now = 1_000_000;
  // callDeadline is what the channel computes each call's deadline with (arguments: timeout, deadline,
  // method @timeout, client default, inherited, now).
  it("call option > method @timeout > client default, capped by the inherited deadline", () => {
    expect(callDeadline(50, undefined, 800, 10_000, undefined, now), "the call's timeout").to.equal(now + 50);
    expect(callDeadline(undefined, undefined, 800, 10_000, undefined, now), "the method's @timeout").to.equal(now + 800);
    expect(callDeadline(undefined, undefined, undefined, 10_000, undefined, now), "the client default").to.equal(now + 10_000);
    expect(callDeadline(undefined, undefined, 0, 10_000, undefined, now), "@timeout 0 means none").to.equal(now + 10_000);
    expect(callDeadline(5000, undefined, undefined, 10_000, now + 100, now), "the inherited cap").to.equal(now + 100);
    expect(callDeadline(50, undefined, undefined, 10_000, now + 100, now), "an earlier own deadline under the cap").to.equal(now + 50);
    expect(callDeadline(500, now + 200, undefined, 10_000, undefined, now), "the earlier call option: deadline").to.equal(now + 200);
    expect(callDeadline(100, now + 200, undefined, 10_000, undefined, now), "the earlier call option: timeout").to.equal(now + 100);
    expect(callDeadline(undefined, now + 300, 800, 10_000, undefined, now), "a call deadline beats @timeout").to.equal(now + 300);
    expect(callDeadline(-5, undefined, 800, 10_000, undefined, now), "a negative timeout is already due").to.equal(now);
  });

  it("remaining time rounds up and never goes negative", () => {
    expect(remainingMs(now + 10.2, now)).to.equal(11);
    expect(remainingMs(now - 5, now)).to.equal(0);
    expect(minDeadline(undefined, 4)).to.equal(4);
    expect(minDeadline(3, 4)).to.equal(3);
    expect(minDeadline(undefined, undefined)).to.equal(undefined);
  });
});
