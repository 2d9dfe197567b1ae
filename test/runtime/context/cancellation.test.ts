/** Cancellation flows down a call chain like deadlines do: A -> B -> C over real sockets. */
import { expect } from "chai";
import type { CallContext } from "../../../runtime/call.js";
import { createClient, type RpcClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import { currentContext, detachContext, withDeadline } from "../../../runtime/context.js";
import type { RpcError } from "../../../runtime/errors.js";
import type { Server } from "../../../runtime/server/server.js";
import { bareMethod, bareService, serve, withCtx } from "../../helpers/net-service.js";
import { rejectionOf, waitFor } from "../../helpers/echo-server.js";

const str = { kind: "string" } as const;
const a = bareMethod("test.A", "run", str);
const b = bareMethod("test.B", "run", str);
const cWait = bareMethod("test.C", "wait", str);
const cDetached = bareMethod("test.C", "detached", str);
const cExtended = bareMethod("test.C", "extended", str);

describe("context: cancellation propagates down a call chain", () => {
  const servers: Server[] = [];
  const clients: RpcClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close({ force: true });
    for (const s of servers.splice(0)) await s.close({ timeoutMs: 200 });
  });

  async function chain(propagateMetadata?: (key: string) => boolean) {
    const seen = new Map<string, CallContext>();
    const parked: (() => void)[] = [];
    // C: every method waits until its signal aborts (or the test lets it go).
    const park = (name: string) =>
      withCtx(
        (ctx) =>
          new Promise<string>((resolve) => {
            seen.set(name, ctx);
            parked.push(() => resolve("released"));
            ctx.signal.addEventListener("abort", () => resolve("aborted"));
          }),
      );
    const c = await serve(bareService("test.C", [cWait, cDetached, cExtended]), {
      wait: park("wait"),
      detached: park("detached"),
      extended: park("extended"),
    });
    const toC = createClient({ target: c.target });
    const bServer = await serve(bareService("test.B", [b]), {
      run: withCtx(async () => {
        const detached = detachContext(() => toC.unary(cDetached, {}));
        const extended = withDeadline(60_000, () => toC.unary(cExtended, {}));
        void Promise.allSettled([detached, extended]); // released by the test at the end
        return toC.unary(cWait, {});
      }),
    }, propagateMetadata === undefined ? {} : { propagateMetadata });
    const toB = createClient({ target: bServer.target });
    const aServer = await serve(bareService("test.A", [a]), { run: withCtx(() => toB.unary(b, {})) });
    const toA = createClient({ target: aServer.target });
    servers.push(aServer.server, bServer.server, c.server);
    clients.push(toA, toB, toC);
    return { toA, seen, parked };
  }

  for (const [what, filter] of [["all metadata propagated", undefined], ["filtered metadata", (k: string) => k.startsWith("x-")]] as const) {
    it(`cancelling at A aborts C's ctx.signal (${what}); detached and withDeadline work runs on`, async () => {
      const { toA, seen, parked } = await chain(filter);
      const controller = new AbortController();
      const call = rejectionOf(toA.unary(a, {}, { signal: controller.signal }));
      await waitFor(() => seen.size === 3, 5000, "all three calls to reach C");
      controller.abort();
      expect(((await call) as RpcError).code).to.equal(Code.CANCELLED);
      await waitFor(() => seen.get("wait")!.signal.aborted, 5000, "C's inherited call to be cancelled");
      expect((seen.get("wait")!.signal.reason as RpcError).code).to.equal(Code.CANCELLED);
      expect(seen.get("detached")!.signal.aborted).to.equal(false);
      expect(seen.get("extended")!.signal.aborted).to.equal(false);
      for (const release of parked) release();
    });
  }

  it("currentContext() is a public view: deadline, metadata and signal only", async () => {
    let view: unknown;
    const s = await serve(bareService("test.A", [a]), { run: withCtx(() => ((view = currentContext()), "ok")) });
    servers.push(s.server);
    const client = createClient({ target: s.target });
    clients.push(client);
    await client.unary(a, {}, { metadata: { "x-k": "v" } });
    expect(Object.keys(view as object).sort()).to.deep.equal(["deadline", "metadata", "signal"]);
    const v = view as { metadata: Record<string, string>; signal: AbortSignal };
    expect(v.metadata["x-k"]).to.equal("v");
    expect(v.signal).to.be.instanceOf(AbortSignal);
  });
});
