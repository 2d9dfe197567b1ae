/** Server admission over real sockets: refused before decoding, bulkheads hold, tickets end when handlers settle. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import type { RpcError } from "../../../runtime/errors.js";
import { getSerializer } from "../../../runtime/codec/index.js";
import { healthCheck } from "../../../runtime/health/health-check.js";
import { HealthStatus } from "../../../runtime/health/descriptor.js";
import type { Admission, Ticket } from "../../../runtime/resilience/admission.js";
import type { MethodDescriptor } from "../../../runtime/schema/types.js";
import { bareMethod, bareService, serve, withCtx } from "../../helpers/net-service.js";
import { rejectionOf, waitFor } from "../../helpers/echo-server.js";
import { FrameFlag } from "../../../runtime/protocol/types.js";
import { frame, header, Kind, openRaw } from "../../helpers/raw.js";

const S = "test.Adm";
const hold = bareMethod(S, "hold", { kind: "string" });
const free = bareMethod(S, "free", { kind: "string" });
/** A method with a string parameter, so a garbage body fails to decode. */
const take: MethodDescriptor = {
  ...bareMethod(S, "take", { kind: "string" }),
  params: [{ id: 1, name: "name", type: { kind: "string" }, optional: false, annotations: {} }],
};
const service = bareService(S, [hold, free, take]);

/** Handlers: `hold` waits for the test to release it; `free` and `take` answer at once. */
function holding() {
  const state = { running: 0, peak: 0, releases: [] as (() => void)[] };
  const impl = {
    hold: withCtx(
      () =>
        new Promise<string>((resolve) => {
          state.peak = Math.max(state.peak, ++state.running);
          state.releases.push(() => {
            state.running--;
            resolve("held");
          });
        }),
    ),
    free: withCtx(() => "free"),
    take: (request: { name: string }) => `took ${request.name}`,
  };
  return { state, impl };
}

interface RawAnswer {
  readonly code: string;
  readonly notProcessed: boolean;
  readonly details: Record<string, string>;
}

/** One call of `take` sent by hand with `body`; resolves with the answer's status and details. */
async function rawTake(port: number, body: Uint8Array): Promise<RawAnswer> {
  const peer = await openRaw(port);
  try {
    peer.send(frame({ kind: Kind.REQUEST, requestId: 7, header: header({ service: S, method: "take", timeoutMs: 5000 }), body }));
    await waitFor(() => peer.frames.length > 0, 5000, "an answer");
    const answer = peer.frames[0]!;
    const details = answer.body.length === 0 ? {} : (getSerializer(answer.serializer)!.decodeAny(answer.body) as Record<string, string>);
    return { code: answer.header.status, notProcessed: (answer.flags & FrameFlag.NOT_PROCESSED) !== 0, details };
  } finally {
    peer.socket.destroy();
  }
}

/** A msgpack body no decoder accepts (0xc1 is never used). */
const GARBAGE = new Uint8Array([0xc1, 0xc1, 0xc1]);

describe("server: admission before decode", () => {
  it("a bulkhead of 10 never lets an 11th handler run, and frees a slot when a handler settles", async () => {
    const { state, impl } = holding();
    const { server, target } = await serve(service, impl, { admission: { maxConcurrent: 10 } });
    const client = createClient({ target });
    try {
      const first = Array.from({ length: 10 }, () => client.unary(hold, {}));
      await waitFor(() => state.running === 10, 5000, "10 handlers to run");
      // 40 more while 10 run: every one is refused, none reaches the handler.
      const refused = await Promise.all(Array.from({ length: 40 }, () => rejectionOf(client.unary(hold, {}))));
      for (const e of refused as RpcError[]) {
        expect(e.code).to.equal(Code.RESOURCE_EXHAUSTED);
        expect(e.notProcessed).to.equal(true);
        expect(e.details["reason"]).to.equal("bulkhead-full");
      }
      expect(state.peak).to.equal(10);
      // Another method has its own bulkhead (per-method scope by default).
      expect(await client.unary(free, {})).to.equal("free");
      state.releases.shift()!();
      const next = client.unary(hold, {});
      await waitFor(() => state.releases.length === 10, 5000, "the 11th call to run after a release");
      expect(state.peak).to.equal(10);
      for (const release of state.releases.splice(0)) release();
      expect(await Promise.all([...first, next])).to.have.length(11);
    } finally {
      for (const release of state.releases) release();
      await client.close({ force: true });
      await server.close();
    }
  });

  it("never decodes a refused call: a body that cannot decode is answered RESOURCE_EXHAUSTED, with a retry-after hint", async () => {
    const { impl } = holding();
    // One call per minute: the first is admitted, the next is refused.
    const { server, port, target } = await serve(service, impl, {
      admission: { limiter: { kind: "token-bucket", limit: 1, windowMs: 60_000, burst: 1 } },
    });
    const client = createClient({ target });
    try {
      // While the limiter has a permit, the garbage body is decoded and fails: proof that it cannot decode.
      const decoded = await rawTake(port, GARBAGE);
      expect(decoded.code).to.equal(Code.INVALID_ARGUMENT);
      const refused = await rawTake(port, GARBAGE);
      expect(refused.code).to.equal(Code.RESOURCE_EXHAUSTED);
      expect(refused.notProcessed).to.equal(true);
      expect(refused.details["reason"]).to.equal("rate-limited");
      expect(Number(refused.details["retry-after-ms"])).to.be.greaterThan(0);
      const viaClient = (await rejectionOf(client.unary(take, { name: "x" }))) as RpcError;
      expect(viaClient.code).to.equal(Code.RESOURCE_EXHAUSTED);
      expect(viaClient.notProcessed).to.equal(true);
      expect(viaClient.message).to.match(/rate limit of test\.Adm\.take reached/);
    } finally {
      await client.close({ force: true });
      await server.close();
    }
  });

  it("overrides per method replace the server-wide rules; the health service is exempt", async () => {
    const { impl } = holding();
    const { server, target } = await serve(service, impl, {
      admission: { limiter: { kind: "fixed-window", limit: 1, windowMs: 60_000 }, methods: { [`${S}/free`]: {} } },
    });
    const client = createClient({ target });
    try {
      expect(await client.unary(take, { name: "a" })).to.equal("took a");
      expect(((await rejectionOf(client.unary(take, { name: "b" }))) as RpcError).code).to.equal(Code.RESOURCE_EXHAUSTED);
      for (let i = 0; i < 5; i++) expect(await client.unary(free, {})).to.equal("free");
      for (let i = 0; i < 5; i++) expect(await healthCheck(client, S)).to.equal(HealthStatus.SERVING);
    } finally {
      await client.close({ force: true });
      await server.close();
    }
  });

  it("ends the ticket when the handler settles, with its error and latency", async () => {
    const ended: { method: string; error: unknown; latencyMs: number }[] = [];
    const admission: Admission = {
      admit(method): Ticket {
        return { done: (error, latencyMs) => ended.push({ method: method.name, error, latencyMs }) };
      },
    };
    const failing = {
      hold: withCtx(() => Promise.reject(new Error("boom"))),
      free: withCtx(() => "free"),
      take: () => {
        throw new Error("sync boom");
      },
    };
    const { server, target } = await serve(service, failing, { admission });
    const client = createClient({ target });
    try {
      expect(await client.unary(free, {})).to.equal("free");
      expect(((await rejectionOf(client.unary(hold, {}))) as RpcError).code).to.equal(Code.INTERNAL);
      expect(((await rejectionOf(client.unary(take, { name: "x" }))) as RpcError).code).to.equal(Code.INTERNAL);
      expect(ended.map((e) => e.method)).to.deep.equal(["free", "hold", "take"]);
      expect(ended[0]!.error).to.equal(undefined);
      expect((ended[1]!.error as Error).message).to.equal("boom");
      expect((ended[2]!.error as Error).message).to.equal("sync boom");
      for (const e of ended) expect(e.latencyMs).to.be.at.least(0);
    } finally {
      await client.close({ force: true });
      await server.close();
    }
  });

  it("rejects a bad limiter spec at createServer", async () => {
    const { impl } = holding();
    let caught: unknown;
    try {
      await serve(service, impl, { admission: { limiter: { kind: "token-bucket", limit: -1 } } });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(Error);
  });
});
