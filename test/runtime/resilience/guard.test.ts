import { expect } from "chai";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { ErrorRateBreaker } from "../../../runtime/resilience/breaker/error-rate.js";
import { BreakerGuard, BulkheadGuard, guards, LimiterGuard, type Guard } from "../../../runtime/resilience/guard.js";
import { FixedWindow } from "../../../runtime/resilience/limiter/fixed-window.js";
import type { Limiter } from "../../../runtime/resilience/limiter/limiter.js";
import { retryAfterOf } from "../../../runtime/resilience/rejection.js";
import { FakeClock } from "../../helpers/fake-clock.js";
import { instance, method } from "./targets.js";

const get = method("get");
const put = method("put");
const down = new RpcError(Code.UNAVAILABLE, "down");

function fail(guard: Guard, target = instance(1), m = get, n = 20): void {
  for (let i = 0; i < n; i++) {
    expect(guard.admit(target, m)).to.equal(undefined);
    guard.done(target, m, down, 1);
  }
}

describe("BreakerGuard", () => {
  it("refuses a failing instance fast, not processed, with a retry-after; others still pass", () => {
    const clock = new FakeClock();
    const guard = new BreakerGuard(() => new ErrorRateBreaker({ clock }));
    fail(guard);
    const refused = guard.admit(instance(1), get);
    expect(refused).to.be.instanceOf(RpcError);
    expect(refused!.code).to.equal(Code.UNAVAILABLE);
    expect(refused!.notProcessed).to.equal(true);
    expect(refused!.details["reason"]).to.equal("breaker-open");
    expect(retryAfterOf(refused)).to.equal(10_000);
    expect(refused!.message).to.match(/circuit breaker open for 127\.0\.0\.1:1 \(test\.Svc\.get\)/);
    expect(guard.admit(instance(2), get)).to.equal(undefined);
    expect(guard.admit(instance(1), put)).to.be.instanceOf(RpcError); // per instance: every method
  });

  it("tells a balancer which instances are open, without taking the probe", () => {
    const clock = new FakeClock();
    const guard = new BreakerGuard(() => new ErrorRateBreaker({ clock }));
    fail(guard, instance(1));
    const live = [instance(1), instance(2), instance(3)];
    expect(live.filter((i) => !guard.isOpen(i, get)).map((i) => i.port)).to.deep.equal([2, 3]);
    clock.advance(10_000);
    expect(guard.isOpen(instance(1), get)).to.equal(false);
    expect(guard.admit(instance(1), get)).to.equal(undefined); // the probe was still there
    expect(guard.isOpen(instance(1), get)).to.equal(true); // and is now out
  });

  it("keeps the state when the view rebuilds the record, and closes after a good probe", () => {
    const clock = new FakeClock();
    const guard = new BreakerGuard(() => new ErrorRateBreaker({ clock }));
    fail(guard, instance(1));
    const rebuilt = instance(1);
    expect(guard.admit(rebuilt, get)).to.be.instanceOf(RpcError);
    clock.advance(10_000);
    expect(guard.admit(rebuilt, get)).to.equal(undefined);
    guard.done(rebuilt, get, undefined, 5);
    expect(guard.admit(instance(1), get)).to.equal(undefined);
  });

  it("per method: a failing method does not block the others on the same instance", () => {
    const clock = new FakeClock();
    const guard = new BreakerGuard(() => new ErrorRateBreaker({ clock }), "method");
    fail(guard, instance(1), get);
    expect(guard.admit(instance(1), get)).to.be.instanceOf(RpcError);
    expect(guard.admit(instance(1), put)).to.equal(undefined);
  });

  it("counts business errors as answers, not failures", () => {
    const clock = new FakeClock();
    const guard = new BreakerGuard(() => new ErrorRateBreaker({ clock }));
    for (let i = 0; i < 50; i++) {
      guard.admit(instance(1), get);
      guard.done(instance(1), get, new RpcError(Code.NOT_FOUND, "no such order"), 1);
    }
    expect(guard.admit(instance(1), get)).to.equal(undefined);
  });
});

describe("LimiterGuard and BulkheadGuard", () => {
  it("limits attempts per instance with a retry-after", () => {
    const clock = new FakeClock(400);
    const guard = new LimiterGuard(() => new FixedWindow({ limit: 2, clock }));
    expect(guard.admit(instance(1), get)).to.equal(undefined);
    expect(guard.admit(instance(1), put)).to.equal(undefined);
    const refused = guard.admit(instance(1), get)!;
    expect([refused.code, refused.notProcessed, retryAfterOf(refused)]).to.deep.equal([Code.RESOURCE_EXHAUSTED, true, 600]);
    expect(guard.admit(instance(2), get)).to.equal(undefined);
  });

  it("never lets an 11th attempt run with 10 in flight", () => {
    const guard = new BulkheadGuard(10);
    for (let i = 0; i < 10; i++) expect(guard.admit(instance(1), get)).to.equal(undefined);
    expect(guard.admit(instance(1), get)!.details["reason"]).to.equal("bulkhead-full");
    guard.done(instance(1), get);
    expect(guard.admit(instance(1), get)).to.equal(undefined);
  });
});

describe("guards()", () => {
  it("gives a breaker's probe slot back when a later guard refuses the attempt", () => {
    const clock = new FakeClock();
    const breaker = new BreakerGuard(() => new ErrorRateBreaker({ clock }));
    let open = false;
    const gate: Limiter = { tryAcquire: () => (open ? 0 : 250) };
    const both = guards(breaker, new LimiterGuard(() => gate));
    open = true;
    fail(both);
    clock.advance(10_000);
    open = false;
    expect(both.admit(instance(1), get)!.details["reason"]).to.equal("rate-limited"); // half-open probe taken, then returned
    open = true;
    expect(both.admit(instance(1), get)).to.equal(undefined); // the probe slot is free again
    both.done(instance(1), get, undefined, 3);
    expect(breaker.admit(instance(1), get)).to.equal(undefined); // closed
  });

  it("forgets departed instances on retain()", () => {
    const clock = new FakeClock();
    const guard = new BreakerGuard(() => new ErrorRateBreaker({ clock }));
    fail(guard, instance(1));
    guard.retain([instance(2)]);
    expect(guard.admit(instance(1), get)).to.equal(undefined); // a fresh breaker
  });
});
