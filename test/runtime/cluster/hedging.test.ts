/**
 * Hedging over real sockets: one slow instance among three. The hedge (a
 * second attempt on another instance) answers, and the slow instance's
 * handler sees its signal abort (the client sent CANCEL for the loser).
 * Non-idempotent methods refuse hedging; a method's `@cluster` descriptor
 * field chooses it, below the client's per-method option and the call's.
 */
import { expect } from "chai";
import type { Balancer } from "../../../runtime/balancer/balancer.js";
import { createClient, type RpcClient } from "../../../runtime/client/channel.js";
import { HedgingStrategy } from "../../../runtime/cluster/hedging.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import type { MethodDescriptor } from "../../../runtime/schema/types.js";
import { createServer, type Server } from "../../../runtime/server/server.js";
import { waitFor } from "../../helpers/echo-server.js";
import { bareMethod, bareService, withCtx } from "../../helpers/net-service.js";

const S = "test.Hedged";
const str = { kind: "string" } as const;
const read: MethodDescriptor = { ...bareMethod(S, "read", str), idempotent: true };
const write: MethodDescriptor = bareMethod(S, "write", str);
/** As generated from `@idempotent @cluster("hedging", delay = 20ms)`. */
const annotated: MethodDescriptor = { ...bareMethod(S, "annotated", str), idempotent: true, cluster: { strategy: "hedging", delayMs: 20 } };

describe("hedging", function () {
  const servers: Server[] = [];
  const ports: number[] = [];
  const started = [0, 0, 0];
  let aborted = 0;
  before(async () => {
    for (let i = 0; i < 3; i++) {
      const server = createServer({ onError: () => {} });
      // Instance 0 answers after 2 s unless its call is cancelled first; the others at once.
      const answer = withCtx((ctx) => {
        started[i]!++;
        if (i !== 0) return `instance ${i}`;
        return new Promise<string>((resolve) => {
          const timer = setTimeout(() => resolve("instance 0"), 2_000);
          ctx.signal.addEventListener("abort", () => {
            aborted++;
            clearTimeout(timer);
            resolve("instance 0 (cancelled)");
          }, { once: true });
        });
      });
      server.add(bareService(S, [read, write, annotated]), { read: answer, write: answer, annotated: answer });
      servers.push(server);
      ports.push((await server.listen({ host: "127.0.0.1", port: 0 })).port);
    }
  });
  after(async () => {
    for (const s of servers) await s.close();
  });
  beforeEach(() => {
    started.fill(0);
    aborted = 0;
  });

  /** Picks the slow instance whenever it is in the list: the first attempt goes there, a hedge elsewhere. */
  const slowFirst: Balancer = { pick: (list) => ({ instance: list.find((i) => i.port === ports[0]) ?? list[0]! }) };
  const client = (options: Partial<Parameters<typeof createClient>[0]> = {}): RpcClient =>
    createClient({ target: `static://${ports.map((p) => `127.0.0.1:${p}`).join(",")}`, balancer: slowFirst, ...options });

  it("the hedge on another instance answers; the slow attempt is cancelled and its server sees the signal abort", async () => {
    const c = client();
    try {
      const answer = await c.unary(read, {}, { cluster: new HedgingStrategy({ delayMs: 20 }) });
      expect(answer).to.be.oneOf(["instance 1", "instance 2"]);
      await waitFor(() => aborted === 1, 1_500, "the slow handler's signal to abort");
      expect(started[0]).to.equal(1);
      expect(started[1]! + started[2]!).to.equal(1);
      expect(c.stats().pending).to.equal(0);
    } finally {
      await c.close();
    }
  });

  it("an answer before the delay sends no second attempt", async () => {
    const c = client({ balancer: { pick: (list) => ({ instance: list.find((i) => i.port === ports[1]) ?? list[0]! }) } });
    try {
      for (let i = 0; i < 5; i++) expect(await c.unary(read, {}, { cluster: new HedgingStrategy({ delayMs: 10_000 }) })).to.equal("instance 1");
      expect(started).to.deep.equal([0, 5, 0]);
    } finally {
      await c.close();
    }
  });

  it("a method that is not @idempotent refuses hedging, FAILED_PRECONDITION, before anything is sent", async () => {
    const c = client({ cluster: "hedging" });
    try {
      const error = (await c.unary(write, {}).catch((e: unknown) => e)) as RpcError;
      expect(error).to.be.instanceOf(RpcError);
      expect(error.code).to.equal(Code.FAILED_PRECONDITION);
      expect(error.notProcessed).to.equal(true);
      expect(error.message).to.contain("test.Hedged/write").and.contain("mark it @idempotent");
      expect(started).to.deep.equal([0, 0, 0]);
    } finally {
      await c.close();
    }
  });

  it("bad hedging options throw INVALID_ARGUMENT saying the allowed range; from a hand-written descriptor, the call rejects", async () => {
    expect(() => new HedgingStrategy({ attempts: 1 })).to.throw(RpcError, "from 2 to 10");
    expect(() => new HedgingStrategy({ delayMs: -1 })).to.throw(RpcError, ">= 0");
    const c = client();
    try {
      const bad: MethodDescriptor = { ...read, cluster: { strategy: "hedging", attempts: 1 } };
      const pending = c.unary(bad, {}); // rejects, never throws
      const error = (await pending.catch((e: unknown) => e)) as RpcError;
      expect(error.code).to.equal(Code.INVALID_ARGUMENT);
      expect(error.message).to.contain("from 2 to 10");
      expect(started).to.deep.equal([0, 0, 0]);
    } finally {
      await c.close();
    }
  });

  it("precedence: the call's option > the client's per-method option > @cluster > the client's default", async () => {
    // @cluster hedging beats the client default (failfast): the hedge answers.
    const plain = client({ cluster: "failfast" });
    // The per-method option (failfast) beats @cluster: the slow instance answers, nobody cancels it.
    const overridden = client({ methods: { [`${S}/annotated`]: { cluster: "failfast" } } });
    try {
      expect(await plain.unary(annotated, {})).to.be.oneOf(["instance 1", "instance 2"]);
      await waitFor(() => aborted === 1, 1_500, "the hedged-out call to be cancelled");
      expect(await overridden.unary(annotated, {})).to.equal("instance 0");
      expect(aborted).to.equal(1);
      // The call's option beats the per-method option: hedged again.
      expect(await overridden.unary(annotated, {}, { cluster: "hedging" })).to.be.oneOf(["instance 1", "instance 2"]);
      await waitFor(() => aborted === 2, 1_500, "the second hedged-out call to be cancelled");
    } finally {
      await plain.close();
      await overridden.close();
    }
  });
});
