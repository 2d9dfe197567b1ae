/**
 * A full outage with the contract's retry budget: the only server stopped,
 * 20 callers starting calls for 9.4 s (their last retries are decided
 * within 0.4 s after: at most 100 + 200 ms of backoff x 1.2). The budget (20 % of calls + 10/s over 10 s)
 * bounds the attempts at calls x 1.2 + 100, where 3 attempts per call
 * would make 3 x calls.
 */
import { expect } from "chai";
import { createClient } from "../../../../runtime/client/channel.js";
import { countingBreaker, startTrio, trioGet } from "../../../helpers/trio.js";

describe("client retries through a 10 s outage", function () {
  this.timeout(60_000);

  it("keeps attempts within calls x (1 + 0.2) + 10/s x 10 s", async () => {
    const trio = await startTrio(1);
    const counter = { attempts: 0 };
    // The contract's budget; 100 ms buckets so the 9.8 s of decisions lie inside one 10 s window (no retry slides out meanwhile).
    const client = createClient({
      target: trio.target,
      breaker: { create: countingBreaker(counter) },
      retry: { maxAttempts: 3, budget: { buckets: 100 } },
    });
    try {
      expect(await client.unary(trioGet, {})).to.equal("instance 0");
      await trio.close();
      let calls = 1;
      let failed = 0;
      const end = Date.now() + 9_400;
      const loop = async () => {
        while (Date.now() < end) {
          calls++;
          await client.unary(trioGet, {}, { timeout: 2_000 }).catch(() => failed++);
          await new Promise((r) => setTimeout(r, 2));
        }
      };
      await Promise.all(Array.from({ length: 20 }, loop));
      const bound = calls * 1.2 + 100;
      console.log(`      outage: ${calls} calls, ${failed} failed, ${counter.attempts} attempts (bound ${Math.floor(bound)}, without a budget up to ${calls * 3})`);
      expect(failed).to.equal(calls - 1);
      expect(counter.attempts).to.be.above(calls + 50); // the per-second allowance was used
      expect(counter.attempts).to.be.at.most(Math.floor(bound));
    } finally {
      await client.close();
    }
  });
});
