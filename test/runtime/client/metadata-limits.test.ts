/** Over-limit metadata fails only its own call, never the connection it shares. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import type { RpcError } from "../../../runtime/errors.js";
import { bareMethod, bareService, serve, withCtx } from "../../helpers/net-service.js";
import { rejectionOf } from "../../helpers/echo-server.js";

const slow = bareMethod("test.Meta", "slow", { kind: "string" });
const service = bareService("test.Meta", [slow]);
const impl = { slow: withCtx(() => new Promise<string>((resolve) => setTimeout(() => resolve("ok"), 100))) };

describe("client: metadata limits", () => {
  for (const [what, metadata] of [
    ["too many entries", Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, "v"]))],
    ["too many bytes", { big: "x".repeat(8 * 1024) }],
  ] as const) {
    it(`fails only the call with ${what}, before sending it`, async () => {
      const { server, target, reported } = await serve(service, impl);
      const client = createClient({ target });
      try {
        const other = client.unary(slow, []);
        const error = (await rejectionOf(client.unary(slow, [], { metadata }))) as RpcError;
        expect(error.code).to.equal(Code.RESOURCE_EXHAUSTED);
        expect(error.notProcessed).to.equal(true);
        expect(error.message).to.match(/maxMetadata(Entries|Bytes)/);
        expect(await other).to.equal("ok");
        expect(reported).to.deep.equal([]);
      } finally {
        await client.close();
        await server.close();
      }
    });
  }

  it("sends metadata exactly at the limits", async () => {
    const { server, target } = await serve(service, impl, { limits: { maxMetadataEntries: 2, maxMetadataBytes: 10 } });
    const client = createClient({ target, limits: { maxMetadataEntries: 2, maxMetadataBytes: 10 } });
    try {
      expect(await client.unary(slow, [], { metadata: { a: "1234", b: "1234" } })).to.equal("ok");
      const error = (await rejectionOf(client.unary(slow, [], { metadata: { a: "1234", b: "12345" } }))) as RpcError;
      expect(error.code).to.equal(Code.RESOURCE_EXHAUSTED);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
