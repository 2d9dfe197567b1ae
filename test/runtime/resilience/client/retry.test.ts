/** Retries over real sockets: @retry / @idempotent, client options, the deadline, the budget. */
import { expect } from "chai";
import { createClient } from "../../../../runtime/client/channel.js";
import { Code } from "../../../../runtime/codes.js";
import { RpcError } from "../../../../runtime/errors.js";
import type { MethodDescriptor } from "../../../../runtime/schema/types.js";
import { callSequentially, countingBreaker, startTrio, trioGet, trioPut, type Trio } from "../../../helpers/trio.js";

/** `@idempotent @retry(max = 2, backoff = 10ms) get` */
const retriedGet: MethodDescriptor = { ...trioGet, retry: { max: 2, backoffMs: 10 } };
/** `@retry(max = 3, backoff = 10ms) put` (not idempotent) */
const retriedPut: MethodDescriptor = { ...trioPut, retry: { max: 3, backoffMs: 10 } };

describe("client retries", function () {
  this.timeout(20_000);
  let trio: Trio;
  afterEach(async () => {
    await trio.close();
  });

  describe("one instance", () => {
    beforeEach(async () => {
      trio = await startTrio(1);
    });

    it("an @idempotent @retry(max = 2) method whose first attempt fails UNAVAILABLE succeeds on the second", async () => {
      const client = createClient({ target: trio.target });
      try {
        trio.failNext[0] = 1;
        expect(await client.unary(retriedGet, {})).to.equal("instance 0");
        expect(trio.handled[0]).to.equal(2);
      } finally {
        await client.close();
      }
    });

    it("@retry(max = 2) means two attempts in all", async () => {
      const client = createClient({ target: trio.target });
      try {
        trio.failNext[0] = 2;
        const error = (await client.unary(retriedGet, {}).catch((e: unknown) => e)) as RpcError;
        expect(error.code).to.equal(Code.UNAVAILABLE);
        expect(trio.handled[0]).to.equal(2);
      } finally {
        await client.close();
      }
    });

    it("never repeats a non-idempotent method after an error its handler may have caused", async () => {
      const client = createClient({ target: trio.target });
      try {
        trio.failNext[0] = 1;
        const error = (await client.unary(retriedPut, {}).catch((e: unknown) => e)) as RpcError;
        expect(error.code).to.equal(Code.UNAVAILABLE);
        expect(trio.handled[0]).to.equal(1);
      } finally {
        await client.close();
      }
    });

    it("retries nothing without @retry unless the client asks, and nothing at all with retry: false", async () => {
      const plain = createClient({ target: trio.target });
      const off = createClient({ target: trio.target, retry: false });
      const on = createClient({ target: trio.target, retry: { initialBackoffMs: 5 } });
      try {
        trio.failNext[0] = 1;
        await plain.unary(trioGet, {}).catch(() => {});
        trio.failNext[0] = 1;
        await off.unary(retriedGet, {}).catch(() => {});
        expect(trio.handled[0]).to.equal(2);
        trio.failNext[0] = 2;
        expect(await on.unary(trioGet, {})).to.equal("instance 0"); // client default: 3 attempts
        expect(trio.handled[0]).to.equal(5);
      } finally {
        await Promise.all([plain.close(), off.close(), on.close()]);
      }
    });

    it("a call made with retry: false is not retried; the next call of the method is", async () => {
      const client = createClient({ target: trio.target });
      try {
        trio.failNext[0] = 1;
        expect(((await client.unary(retriedGet, {}, { retry: false }).catch((e: unknown) => e)) as RpcError).code).to.equal(Code.UNAVAILABLE);
        trio.failNext[0] = 1;
        expect(await client.unary(retriedGet, {})).to.equal("instance 0");
        expect(trio.handled[0]).to.equal(3);
      } finally {
        await client.close();
      }
    });

    it("never waits past the deadline: a backoff that would end after it fails the call with the attempt's error", async () => {
      const client = createClient({ target: trio.target, retry: { initialBackoffMs: 5_000, maxBackoffMs: 5_000 } });
      try {
        trio.failNext[0] = 1;
        const error = (await client.unary(trioGet, {}, { timeout: 1_000 }).catch((e: unknown) => e)) as RpcError;
        expect(error.code).to.equal(Code.UNAVAILABLE);
        expect(error.message).to.match(/failed once/);
        expect(trio.handled[0]).to.equal(1);
      } finally {
        await client.close();
      }
    });

    it("a cancelled call makes no further attempt", async () => {
      const client = createClient({ target: trio.target, retry: { initialBackoffMs: 300 } });
      try {
        trio.failNext[0] = 1;
        const controller = new AbortController();
        const pending = client.unary(trioGet, {}, { signal: controller.signal }).catch((e: unknown) => e);
        await new Promise((r) => setTimeout(r, 100));
        controller.abort();
        expect(((await pending) as RpcError).code).to.equal(Code.CANCELLED);
        await new Promise((r) => setTimeout(r, 400));
        expect(trio.handled[0]).to.equal(1);
      } finally {
        await client.close();
      }
    });
  });

  describe("three instances", () => {
    beforeEach(async () => {
      trio = await startTrio(3);
    });

    it("sends a retry to an instance not tried yet", async () => {
      const client = createClient({ target: trio.target });
      try {
        trio.failWith[0] = Code.UNAVAILABLE;
        const r = await callSequentially(30, () => client.unary(retriedGet, {}));
        expect(r.failed).to.equal(0);
        expect(trio.handled[0]).to.equal(10); // each of its calls went once to it, then elsewhere
        expect(trio.handled[1]! + trio.handled[2]!).to.equal(30);
      } finally {
        await client.close();
      }
    });
  });

  describe("budget", () => {
    beforeEach(async () => {
      trio = await startTrio(1);
    });

    // The budget's window slides by buckets (200 ms here): any 1.8 s lies inside one window (1.7 s of calls and their last retry decisions), so the bound holds exactly.
    it("during an outage (server stopped, 1.7 s of calls) attempts stay within calls x 1.2 + 10/s x 2 s", async () => {
      const counter = { attempts: 0 };
      // The contract's budget (20 % of calls + 10/s) over a window scaled to the 2 s outage.
      const client = createClient({
        target: trio.target,
        breaker: { create: countingBreaker(counter) },
        retry: { maxAttempts: 3, initialBackoffMs: 2, maxBackoffMs: 4, budget: { windowMs: 2_000 } },
      });
      try {
        expect(await client.unary(trioGet, {})).to.equal("instance 0");
        await trio.close();
        let calls = 1; // the one above counts too: it earned budget

        const end = Date.now() + 1_700;
        while (Date.now() < end) {
          calls++;
          await client.unary(trioGet, {}, { timeout: 1_000 }).catch(() => {});
          await new Promise((r) => setTimeout(r, 2));
        }
        expect(calls).to.be.above(50);
        expect(counter.attempts).to.be.above(calls); // retries did happen
        expect(counter.attempts).to.be.at.most(Math.floor(calls * 1.2 + 20));
      } finally {
        await client.close();
      }
    });
  });
});
