/** The in-flight cap counts running handlers: a cancelled handler keeps its slot until it settles. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import type { RpcError } from "../../../runtime/errors.js";
import { bareMethod, bareService, serve, withCtx } from "../../helpers/net-service.js";
import { rejectionOf, waitFor } from "../../helpers/echo-server.js";

const CAP = 4;
const stubborn = bareMethod("test.Cap", "stubborn", { kind: "string" });

describe("server: concurrency cap and cancelled handlers", () => {
  it("does not admit new calls while cancelled handlers that ignore their signal still run", async () => {
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const impl = {
      // Ignores ctx.signal on purpose: only the test's release ends it.
      stubborn: withCtx(
        () =>
          new Promise<string>((resolve) => {
            peak = Math.max(peak, ++running);
            releases.push(() => {
              running--;
              resolve("done");
            });
          }),
      ),
    };
    const { server, target } = await serve(bareService("test.Cap", [stubborn]), impl, { limits: { maxConcurrentCallsPerConnection: CAP } });
    const client = createClient({ target });
    try {
      const controller = new AbortController();
      const first = Array.from({ length: CAP }, () => rejectionOf(client.unary(stubborn, {}, { signal: controller.signal })));
      await waitFor(() => running === CAP, 5000, "the first calls to run");
      controller.abort();
      for (const e of await Promise.all(first)) expect((e as RpcError).code).to.equal(Code.CANCELLED);
      const second = await Promise.allSettled(Array.from({ length: CAP }, () => client.unary(stubborn, {}, { timeout: 5000 })));
      for (const r of second) {
        expect(r.status).to.equal("rejected");
        const error = (r as PromiseRejectedResult).reason as RpcError;
        expect(error.code).to.equal(Code.RESOURCE_EXHAUSTED);
        expect(error.notProcessed).to.equal(true);
      }
      expect(peak).to.equal(CAP);
      // Once the stubborn handlers settle, their slots are free again.
      for (const release of releases.splice(0)) release();
      const third = client.unary(stubborn, {});
      await waitFor(() => releases.length === 1, 5000, "a new call to run");
      releases[0]!();
      expect(await third).to.equal("done");
    } finally {
      for (const release of releases) release();
      await client.close({ force: true });
      await server.close();
    }
  });
});
