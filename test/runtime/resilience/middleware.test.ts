import { expect } from "chai";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import type { Call, Handler } from "../../../runtime/middleware/types.js";
import { FixedWindow } from "../../../runtime/resilience/limiter/fixed-window.js";
import { bulkheadMiddleware, limiterMiddleware } from "../../../runtime/resilience/middleware.js";
import { retryAfterOf } from "../../../runtime/resilience/rejection.js";
import { FakeClock } from "../../helpers/fake-clock.js";
import { method } from "./targets.js";

const get = method("get");
const put = method("put");

/** The error a call fails with (the test fails if it succeeds). */
async function failure(p: Promise<unknown>): Promise<RpcError> {
  return p.then(
    () => expect.fail("the call should have failed"),
    (e: unknown) => e as RpcError,
  );
}

function call(m = get): Call {
  return { side: "client", method: m, request: {}, metadata: {}, deadline: Date.now() + 1000 };
}

describe("bulkheadMiddleware()", () => {
  it("never runs an 11th call while 10 are in progress, and frees the slot when one ends", async () => {
    let running = 0;
    const releases: (() => void)[] = [];
    const handler: Handler = () => {
      running++;
      return new Promise((resolve) => releases.push(() => (running--, resolve("ok"))));
    };
    const guarded = bulkheadMiddleware({ maxConcurrent: 10 })(handler);
    const held = Array.from({ length: 10 }, () => guarded(call()));
    const refused = await failure(guarded(call()));
    expect(running).to.equal(10);
    expect([refused.code, refused.notProcessed, refused.details["reason"]]).to.deep.equal([Code.RESOURCE_EXHAUSTED, true, "bulkhead-full"]);
    const other = guarded(call(put)); // another method has its own slots
    expect(running).to.equal(11);
    releases.shift()!();
    expect(await held[0]).to.equal("ok");
    const next = guarded(call());
    expect(running).to.equal(11);
    for (const release of releases.splice(0)) release();
    expect(await Promise.all([...held.slice(1), other, next])).to.have.length(11);
    expect(running).to.equal(0);
  });

  it("frees the slot when the handler fails", async () => {
    const guarded = bulkheadMiddleware({ maxConcurrent: 1 })(() => Promise.reject(new Error("boom")));
    for (let i = 0; i < 3; i++) {
      const error = await failure(guarded(call()));
      expect(error.message).to.equal("boom");
    }
  });
});

describe("limiterMiddleware()", () => {
  it("limits each method on its own and rejects with a retry-after", async () => {
    const clock = new FakeClock(250);
    let ran = 0;
    const guarded = limiterMiddleware(() => new FixedWindow({ limit: 2, clock }))(async () => ++ran);
    await guarded(call());
    await guarded(call());
    const refused = await failure(guarded(call()));
    expect([refused.code, refused.notProcessed, retryAfterOf(refused)]).to.deep.equal([Code.RESOURCE_EXHAUSTED, true, 750]);
    expect(await guarded(call(put))).to.equal(3);
    expect(ran).to.equal(3);
  });
});
