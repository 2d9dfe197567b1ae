import { expect } from "chai";
import { currentContext, detachContext, runWithContext, withDeadline } from "../../../runtime/context.js";
import { minDeadline, remainingMs, resolveDeadline } from "../../../runtime/deadline.js";

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
      const both = withDeadline({ deadline: now + 50_000, timeout: 1000 }, () => currentContext());
      expect(both!.deadline).to.be.below(now + 50_000);
    });
  });
});

describe("deadlines", () => {
  const now = 1_000_000;
  it("call option > method @timeout > client default, capped by the inherited deadline", () => {
    expect(resolveDeadline({ timeout: 50, methodTimeoutMs: 800, defaultTimeoutMs: 10_000 }, now)).to.equal(now + 50);
    expect(resolveDeadline({ methodTimeoutMs: 800, defaultTimeoutMs: 10_000 }, now)).to.equal(now + 800);
    expect(resolveDeadline({ defaultTimeoutMs: 10_000 }, now)).to.equal(now + 10_000);
    expect(resolveDeadline({ timeout: 5000, defaultTimeoutMs: 10_000, inherited: now + 100 }, now)).to.equal(now + 100);
    expect(resolveDeadline({ timeout: 500, deadline: now + 200, defaultTimeoutMs: 10_000 }, now)).to.equal(now + 200);
    expect(resolveDeadline({ deadline: now + 300, defaultTimeoutMs: 10_000 }, now)).to.equal(now + 300);
  });

  it("remaining time rounds up and never goes negative", () => {
    expect(remainingMs(now + 10.2, now)).to.equal(11);
    expect(remainingMs(now - 5, now)).to.equal(0);
    expect(minDeadline(undefined, 4)).to.equal(4);
    expect(minDeadline(3, 4)).to.equal(3);
    expect(minDeadline(undefined, undefined)).to.equal(undefined);
  });
});
