/**
 * A peer that floods PINGs and never reads the PONGs is no longer read from.
 * Slow (npm run test:slow): it waits for the server to stop reading for a
 * whole second before it checks.
 */
import { expect } from "chai";
import { connect, createServer, type Socket } from "node:net";
import { DEFAULT_FRAME_LIMITS, encodeFrame, FrameKind } from "../../../runtime/protocol/index.js";
import { FramedConnection } from "../../../runtime/transport/framed-connection.js";
import { frame } from "../../helpers/raw.js";

const PING = encodeFrame(frame({ kind: FrameKind.PING, serializer: 0, requestId: 0, body: new Uint8Array(8) }));

describe("transport: ping floods (slow)", () => {
  it("stops reading a peer that floods PINGs and never reads the PONGs", async () => {
    const limit = 64 * 1024;
    let server: Socket | undefined;
    let received = 0;
    const listener = createServer((s) => {
      server = s;
      s.on("data", (chunk: Buffer) => (received += chunk.length));
      new FramedConnection(
        s,
        { limits: DEFAULT_FRAME_LIMITS, keepaliveIntervalMs: 0, keepaliveTimeoutMs: 0, idleTimeoutMs: 0, firstFrameTimeoutMs: 0, maxWriteBufferBytes: limit, minPingIntervalMs: 0, maxPingStrikes: 0 },
        { onFrame: () => {}, onClose: () => {}, busy: () => true },
      );
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const peer = connect({ host: "127.0.0.1", port: (listener.address() as { port: number }).port });
    peer.on("error", () => {});
    try {
      await new Promise((resolve) => peer.once("connect", resolve));
      peer.pause(); // never reads a PONG
      const block = Buffer.concat(Array.from({ length: Math.floor((1 << 20) / PING.length) }, () => PING));
      const total = 24 * block.length;
      for (let i = 0; i < 24; i++) peer.write(block);
      // Until the server has read everything, or has stopped reading for a second.
      let last = -1;
      for (let i = 0; i < 200 && received < total && received !== last; i++) {
        last = received;
        await new Promise((r) => setTimeout(r, 1000));
      }
      // Without backpressure the server reads all 24 MiB and buffers the PONGs the kernel cannot take.
      expect(server!.writableLength).to.be.below(2 * 1024 * 1024);
    } finally {
      peer.destroy();
      server?.destroy();
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
