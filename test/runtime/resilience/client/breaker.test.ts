/** The client circuit breaker over real sockets: open instances are skipped, all open fails fast, probes close it. */
import { expect } from "chai";
import { createClient } from "../../../../runtime/client/channel.js";
import { Code } from "../../../../runtime/codes.js";
import { RpcError } from "../../../../runtime/errors.js";
import type { BreakerState } from "../../../../runtime/resilience/breaker/error-rate.js";
import { callSequentially, startTrio, trioGet, trioPut, type Trio } from "../../../helpers/trio.js";

describe("client circuit breaker", function () {
  this.timeout(20_000);
  let trio: Trio;
  beforeEach(async () => {
    trio = await startTrio();
  });
  afterEach(async () => {
    await trio.close();
  });

  it("opens on the failing one of three instances within one window, then the caller sees < 1 % errors, and closes once it heals", async () => {
    const changes: string[] = [];
    let handledAtOpen = -1;
    const onStateChange = (from: BreakerState, to: BreakerState) => {
      changes.push(`${from}->${to}`);
      if (to === "open") handledAtOpen = trio.handled[0]!;
    };
    const client = createClient({
      target: trio.target,
      breaker: { options: { minimumCalls: 10, errorRate: 0.5, windowMs: 10_000, openMs: 1_000, onStateChange } },
    });
    try {
      trio.failWith[0] = Code.UNAVAILABLE;
      // Round robin: instance 0 gets every third call; its 10th failure (minimumCalls) opens its breaker.
      const warm = await callSequentially(60, () => client.unary(trioPut, {}));
      expect(changes).to.deep.equal(["closed->open"]);
      expect(handledAtOpen).to.equal(10);
      expect(warm.failed).to.equal(10);
      // Open: instance 0 is skipped. Within openMs (1 s): one probe at most would fail.
      const before = trio.handled[0]!;
      const open = await callSequentially(200, () => client.unary(trioPut, {}));
      expect(open.failed / 200).to.be.below(0.01);
      expect(trio.handled[0]! - before).to.be.at.most(open.failed);
      // Healed: after openMs a probe goes through, succeeds and closes the breaker.
      trio.failWith[0] = undefined;
      await new Promise((r) => setTimeout(r, 1_100));
      const healed = await callSequentially(30, () => client.unary(trioPut, {}));
      expect(healed.failed).to.equal(0);
      expect(changes.slice(-2)).to.deep.equal(["open->half-open", "half-open->closed"]);
      const after = trio.handled[0]!;
      await callSequentially(30, () => client.unary(trioPut, {}));
      expect(trio.handled[0]! - after).to.equal(10); // back in the rotation
    } finally {
      await client.close();
    }
  });

  it("fails fast, not processed, naming the breaker, when every instance is open; no handler runs", async () => {
    const client = createClient({ target: trio.target, breaker: { options: { minimumCalls: 3, openMs: 60_000 } } });
    try {
      for (let i = 0; i < 3; i++) trio.failWith[i] = Code.INTERNAL;
      await callSequentially(9, () => client.unary(trioGet, {}));
      const ran = trio.handled.reduce((a, b) => a + b, 0);
      const error = (await client.unary(trioGet, {}).catch((e: unknown) => e)) as RpcError;
      expect(error).to.be.instanceOf(RpcError);
      expect(error.code).to.equal(Code.UNAVAILABLE);
      expect(error.notProcessed).to.equal(true);
      expect(error.details["reason"]).to.equal("breaker-open");
      expect(error.message).to.match(/circuit breaker open for 127\.0\.0\.1:\d+ \(test\.Trio\.get\)/);
      expect(trio.handled.reduce((a, b) => a + b, 0)).to.equal(ran);
    } finally {
      await client.close();
    }
  });

  it("per method: a failing method's breaker leaves the other methods of the instance alone", async () => {
    const client = createClient({ target: "static://127.0.0.1:" + trio.ports[0], breaker: { scope: "method", options: { minimumCalls: 3, openMs: 60_000 } } });
    try {
      trio.failWith[0] = Code.UNAVAILABLE;
      await callSequentially(3, () => client.unary(trioGet, {}));
      trio.failWith[0] = undefined;
      const get = (await client.unary(trioGet, {}).catch((e: unknown) => e)) as RpcError;
      expect(get.details["reason"]).to.equal("breaker-open");
      expect(await client.unary(trioPut, {})).to.equal("instance 0");
    } finally {
      await client.close();
    }
  });

  it("does not count declared answers or the caller's own codes against an instance", async () => {
    const client = createClient({ target: "static://127.0.0.1:" + trio.ports[0], breaker: { options: { minimumCalls: 3 } } });
    try {
      trio.failWith[0] = Code.NOT_FOUND;
      const r = await callSequentially(10, () => client.unary(trioGet, {}));
      expect(r.errors.map((e) => (e as RpcError).code)).to.deep.equal(new Array(10).fill(Code.NOT_FOUND));
      expect(trio.handled[0]).to.equal(10);
    } finally {
      await client.close();
    }
  });

  it("SRE adaptive throttling: an instance that accepts nothing gets few calls, the rest refused locally; a window after it heals, all pass", async () => {
    const client = createClient({ target: "static://127.0.0.1:" + trio.ports[0], breaker: { kind: "sre", options: { windowMs: 1_000, buckets: 10 } } });
    try {
      trio.failWith[0] = Code.UNAVAILABLE;
      const r = await callSequentially(200, () => client.unary(trioPut, {}));
      expect(r.failed).to.equal(200);
      const local = r.errors.filter((e) => (e as RpcError).details["reason"] === "breaker-open");
      // p = requests / (requests + 1) once nothing is accepted: almost every call after the first few is refused here.
      expect(local.length).to.be.above(150);
      expect(trio.handled[0]).to.equal(200 - local.length);
      trio.failWith[0] = undefined;
      // Once the window has slid past the failures the probability is 0, and stays 0 while the instance accepts.
      await new Promise((r) => setTimeout(r, 1_100));
      const healed = await callSequentially(50, () => client.unary(trioPut, {}));
      expect(healed.failed).to.equal(0);
    } finally {
      await client.close();
    }
  });

  it("rejects a bad breaker spec at createClient", () => {
    expect(() => createClient({ target: trio.target, breaker: { options: { errorRate: 2 } } })).to.throw(RangeError, /errorRate/);
  });
});
