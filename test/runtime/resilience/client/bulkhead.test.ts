/** The client bulkhead over real sockets: at most maxConcurrent calls of a method in flight. */
import { expect } from "chai";
import { createClient } from "../../../../runtime/client/channel.js";
import { Code } from "../../../../runtime/codes.js";
import { RpcError } from "../../../../runtime/errors.js";
import type { Server } from "../../../../runtime/server/server.js";
import { bareMethod, bareService, serve } from "../../../helpers/net-service.js";

const S = "test.Gated";
const slow = bareMethod(S, "slow", { kind: "string" });
const other = bareMethod(S, "other", { kind: "string" });

describe("client bulkhead", function () {
  this.timeout(20_000);
  let server: Server;
  let target: string;
  let running = 0;
  let peak = 0;
  let opened: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  const shut = () => {
    gate = new Promise((r) => (opened = r));
  };
  const handler = async () => {
    running++;
    peak = Math.max(peak, running);
    await gate;
    running--;
    return "done";
  };
  before(async () => {
    ({ server, target } = await serve(bareService(S, [slow, other]), { slow: handler, other: handler }));
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    running = 0;
    peak = 0;
  });

  it("a bulkhead of 10 never lets an 11th call run; the excess fails at once, not processed; a settled call frees its slot", async () => {
    const client = createClient({ target, bulkhead: { maxConcurrent: 10 } });
    try {
      shut();
      const calls = Array.from({ length: 50 }, () => client.unary(slow, {}).catch((e: unknown) => e));
      // The 40 refused calls settle without waiting for the gate.
      const refused = (await Promise.all(calls.slice(10))) as RpcError[];
      for (const e of refused) {
        expect(e).to.be.instanceOf(RpcError);
        expect(e.code).to.equal(Code.RESOURCE_EXHAUSTED);
        expect(e.notProcessed).to.equal(true);
        expect(e.details["reason"]).to.equal("bulkhead-full");
        expect(e.message).to.match(/10 calls of test\.Gated\/slow already in flight/);
      }
      for (let i = 0; i < 100; i++) {
        expect(((await client.unary(slow, {}).catch((e: unknown) => e)) as RpcError).code).to.equal(Code.RESOURCE_EXHAUSTED);
      }
      opened();
      expect(await Promise.all(calls.slice(0, 10))).to.deep.equal(new Array(10).fill("done"));
      expect(peak).to.equal(10);
      expect(await client.unary(slow, {})).to.equal("done");
    } finally {
      await client.close();
    }
  });

  it("counts per method, and a method override of false is unlimited", async () => {
    const client = createClient({ target, bulkhead: { maxConcurrent: 2, methods: { [`${S}/other`]: false } } });
    try {
      shut();
      const held = [client.unary(slow, {}), client.unary(slow, {})];
      const others = Array.from({ length: 5 }, () => client.unary(other, {}));
      expect(((await client.unary(slow, {}).catch((e: unknown) => e)) as RpcError).details["reason"]).to.equal("bulkhead-full");
      opened();
      await Promise.all([...held, ...others]);
      expect(peak).to.equal(7);
    } finally {
      await client.close();
    }
  });

  it("rejects a bad size at createClient", () => {
    expect(() => createClient({ target, bulkhead: { maxConcurrent: 0 } })).to.throw(RangeError, /maxConcurrent/);
  });
});
