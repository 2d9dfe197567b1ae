/** Over-limit metadata fails only its own call, never the connection it shares. */
import { expect } from "chai";
import { createServer as createNetServer } from "node:net";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import type { RpcError } from "../../../runtime/errors.js";
import { createFrameDecoder, DEFAULT_FRAME_LIMITS, encodeFrame, FrameKind } from "../../../runtime/protocol/index.js";
import { frame, header } from "../../helpers/raw.js";
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
        const other = client.unary(slow, {});
        const error = (await rejectionOf(client.unary(slow, {}, { metadata }))) as RpcError;
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
      expect(await client.unary(slow, {}, { metadata: { a: "1234", b: "1234" } })).to.equal("ok");
      const error = (await rejectionOf(client.unary(slow, {}, { metadata: { a: "1234", b: "12345" } }))) as RpcError;
      expect(error.code).to.equal(Code.RESOURCE_EXHAUSTED);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it("fails only the call whose response carries metadata over the client's limits", async () => {
    // A fake server: the first answer carries 3 metadata entries, the second none.
    let answered = 0;
    const listener = createNetServer((socket) => {
      socket.on("error", () => {});
      const decoder = createFrameDecoder(DEFAULT_FRAME_LIMITS, (f) => {
        if (f.kind !== FrameKind.REQUEST) return;
        const metadata: Record<string, string> = answered++ === 0 ? { a: "1", b: "2", c: "3" } : {};
        socket.write(encodeFrame(frame({ kind: FrameKind.RESPONSE, requestId: f.requestId, header: header({ metadata }), body: Uint8Array.of(0xa2, 0x6f, 0x6b) })));
      });
      socket.on("data", (chunk: Buffer) => decoder.push(chunk));
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const client = createClient({ target: `127.0.0.1:${(listener.address() as { port: number }).port}`, limits: { maxMetadataEntries: 2 } });
    try {
      const error = (await rejectionOf(client.unary(slow, {}))) as RpcError;
      expect(error.code).to.equal(Code.RESOURCE_EXHAUSTED);
      expect(await client.unary(slow, {})).to.equal("ok");
      expect(client.stats().connections).to.equal(1);
    } finally {
      await client.close({ force: true });
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
