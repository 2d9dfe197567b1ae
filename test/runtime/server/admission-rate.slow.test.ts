/**
 * A server limiter at 100 calls/s offered 500 calls/s for 5 s over a real
 * socket admits 500 +/- 5 %. Real time (the limiter reads the clock the
 * server reads); the assertions are on counts, never on durations.
 */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { bareMethod, bareService, serve, withCtx } from "../../helpers/net-service.js";

const S = "test.Rate";
const hit = bareMethod(S, "hit", { kind: "string" });
const OFFERED_PER_S = 500;
const SECONDS = 5;

/** Offer `total` calls on a wall-clock schedule of one every `gapMs`, catching up after a late timer; counts outcomes. */
async function offer(call: () => Promise<unknown>, total: number, gapMs: number): Promise<{ admitted: number; refused: number; other: string[]; spanMs: number }> {
  const counts = { admitted: 0, refused: 0, other: [] as string[], spanMs: 0 };
  const pending: Promise<void>[] = [];
  const start = Date.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor((Date.now() - start) / gapMs) + 1);
    for (; sent < due; sent++) {
      pending.push(
        call().then(
          () => void counts.admitted++,
          (error: unknown) => {
            if (error instanceof RpcError && error.code === Code.RESOURCE_EXHAUSTED && error.notProcessed) counts.refused++;
            else counts.other.push(String(error));
          },
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  counts.spanMs = Date.now() - start; // for the log only: the assertions are on counts
  await Promise.all(pending);
  return counts;
}

describe("server admission at a real rate", () => {
  it("a token-bucket limiter (burst 5) at 100 calls/s offered 500 calls/s for 5 s admits 500 +/- 5 %", async () => {
    let handled = 0;
    const { server, target } = await serve(bareService(S, [hit]), { hit: withCtx(() => (handled++, "ok")) }, {
      // Burst 5 absorbs the jitter of timer-driven arrivals; a burst of 1 turns every late arrival into a lost slot.
      admission: { limiter: { kind: "token-bucket", limit: 100, burst: 5 } },
    });
    const client = createClient({ target });
    try {
      const total = OFFERED_PER_S * SECONDS;
      const counts = await offer(() => client.unary(hit, {}), total, 1000 / OFFERED_PER_S);
      console.log(`      offered ${total}, admitted ${counts.admitted}, refused ${counts.refused}, offered over ${counts.spanMs} ms`);
      expect(counts.other).to.deep.equal([]);
      expect(counts.admitted + counts.refused).to.equal(total);
      expect(handled).to.equal(counts.admitted);
      expect(counts.admitted).to.be.within(475, 525);
    } finally {
      await client.close({ force: true });
      await server.close();
    }
  });
});
