/** Caller signals: timeouts read as DEADLINE_EXCEEDED, and one signal may serve many calls. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import type { RpcError } from "../../../runtime/errors.js";
import { bareMethod, bareService, serve, withCtx } from "../../helpers/net-service.js";
import { rejectionOf } from "../../helpers/echo-server.js";

const slow = bareMethod("test.Sig", "slow", { kind: "string" });
const ping = bareMethod("test.Sig", "ping", { kind: "string" });
const service = bareService("test.Sig", [slow, ping]);
const impl = {
  ping: withCtx(() => "pong"),
  slow: withCtx((ctx) => new Promise<string>((resolve) => ctx.signal.addEventListener("abort", () => resolve("aborted")))),
};

describe("client: caller signals", () => {
  it("AbortSignal.timeout() fails the call DEADLINE_EXCEEDED, not CANCELLED", async () => {
    const { server, target } = await serve(service, impl);
    const client = createClient({ target });
    try {
      const error = (await rejectionOf(client.unary(slow, {}, { signal: AbortSignal.timeout(50) }))) as RpcError;
      expect(error.code).to.equal(Code.DEADLINE_EXCEEDED);
      const manual = new AbortController();
      const call = rejectionOf(client.unary(slow, {}, { signal: manual.signal }));
      manual.abort();
      expect(((await call) as RpcError).code).to.equal(Code.CANCELLED);
    } finally {
      await client.close({ force: true });
      await server.close({ timeoutMs: 200 });
    }
  });

  it("shares one signal between 50 calls without a MaxListenersExceededWarning, and cancels them all", async () => {
    const { server, target } = await serve(service, impl);
    const client = createClient({ target });
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      // With the connection open, each call below is in flight (listening to the signal) before abort().
      expect(await client.unary(ping, {})).to.equal("pong");
      const controller = new AbortController();
      const calls = Array.from({ length: 50 }, () => rejectionOf(client.unary(slow, {}, { signal: controller.signal })));
      controller.abort();
      for (const e of await Promise.all(calls)) expect((e as RpcError).code).to.equal(Code.CANCELLED);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.name)).to.not.include("MaxListenersExceededWarning");
      expect(client.stats().pending).to.equal(0);
    } finally {
      process.off("warning", onWarning);
      await client.close({ force: true });
      await server.close({ timeoutMs: 200 });
    }
  });
});
