/** Fallbacks (what the generated client calls) over real sockets: breaker open, bulkhead full, server admission. */
import { expect } from "chai";
import { createClient } from "../../../../runtime/client/channel.js";
import { fallbackApplies, withFallback, type Fallback } from "../../../../runtime/client/fallback.js";
import { Code } from "../../../../runtime/codes.js";
import { RpcError } from "../../../../runtime/errors.js";
import { bareMethod, bareService, serve } from "../../../helpers/net-service.js";
import { callSequentially, startTrio, trioGet, type Trio } from "../../../helpers/trio.js";

describe("client fallbacks", function () {
  this.timeout(20_000);
  const seen: RpcError[] = [];
  const fallback: Fallback<object, string> = (_request, error) => {
    seen.push(error);
    return `fallback (${error.details["reason"]})`;
  };
  beforeEach(() => {
    seen.length = 0;
  });

  describe("three instances", () => {
    let trio: Trio;
    beforeEach(async () => {
      trio = await startTrio();
    });
    afterEach(async () => {
      await trio.close();
    });

    it("fallback values arrive while every breaker is open; errors before that pass through", async () => {
      const client = createClient({ target: trio.target, breaker: { options: { minimumCalls: 3, openMs: 60_000 } } });
      try {
        for (let i = 0; i < 3; i++) trio.failWith[i] = Code.UNAVAILABLE;
        const call = () => withFallback(client.unary(trioGet, {}), trioGet, {}, fallback);
        const opening = await callSequentially(9, call);
        expect(opening.failed).to.equal(9); // processed UNAVAILABLE: not a refusal, no fallback
        const ran = trio.handled.reduce((a, b) => a + b, 0);
        for (let i = 0; i < 20; i++) expect(await call()).to.equal("fallback (breaker-open)");
        expect(trio.handled.reduce((a, b) => a + b, 0)).to.equal(ran);
        expect(seen).to.have.length(20);
        expect(seen[0]!.code).to.equal(Code.UNAVAILABLE);
      } finally {
        await client.close();
      }
    });
  });

  describe("one instance", () => {
    const S = "test.Limited";
    const get = bareMethod(S, "get", { kind: "string" });
    const slow = bareMethod(S, "slow", { kind: "string" });

    it("answers a full client bulkhead and a server limiter's refusal; never a declared or other error", async () => {
      let release: () => void = () => {};
      const gate = new Promise<void>((r) => (release = r));
      const { server, target } = await serve(
        bareService(S, [get, slow]),
        { get: () => "served", slow: async () => { await gate; return "slow"; } },
        { admission: { methods: { [`${S}/get`]: { limiter: { kind: "fixed-window", limit: 1, windowMs: 60_000 } } } } },
      );
      const client = createClient({ target, bulkhead: { methods: { [`${S}/slow`]: 1 } } });
      try {
        const held = client.unary(slow, {});
        expect(await withFallback(client.unary(slow, {}), slow, {}, fallback)).to.equal("fallback (bulkhead-full)");
        release();
        expect(await held).to.equal("slow");
        expect(await withFallback(client.unary(get, {}), get, {}, fallback)).to.equal("served");
        expect(await withFallback(client.unary(get, {}), get, {}, fallback)).to.equal("fallback (rate-limited)");
        expect(seen.map((e) => e.code)).to.deep.equal([Code.RESOURCE_EXHAUSTED, Code.RESOURCE_EXHAUSTED]);
      } finally {
        await client.close();
        await server.close();
      }
    });
  });

  it("applies only to refusals, and a fallback value of the wrong type fails with INTERNAL naming it", async () => {
    const refused = new RpcError(Code.UNAVAILABLE, "open", { notProcessed: true, details: { reason: "breaker-open" } });
    expect(fallbackApplies(refused)).to.equal(true);
    expect(fallbackApplies(new RpcError(Code.UNAVAILABLE, "down"))).to.equal(false);
    expect(fallbackApplies(new RpcError(Code.UNAVAILABLE, "connect refused", { notProcessed: true }))).to.equal(false);
    expect(fallbackApplies(new RpcError(Code.RESOURCE_EXHAUSTED, "x", { details: { reason: "shed" } }))).to.equal(false);
    const error = (await withFallback(Promise.reject(refused), trioGet, {}, () => 42).catch((e: unknown) => e)) as RpcError;
    expect(error.code).to.equal(Code.INTERNAL);
    expect(error.message).to.match(/the fallback of test\.Trio\/get returned a value that does not fit the result type/);
    const other = new RpcError(Code.NOT_FOUND, "no");
    expect(await withFallback(Promise.reject(other), trioGet, {}, fallback).catch((e: unknown) => e)).to.equal(other);
  });
});
