/** Pings obey the same backpressure as answers, and a peer that pings too often without calls is sent away. */
import { expect } from "chai";
import { connect, createServer, type Socket } from "node:net";
import { DEFAULT_FRAME_LIMITS, encodeFrame, FrameKind } from "../../../runtime/protocol/index.js";
import { FramedConnection } from "../../../runtime/transport/framed-connection.js";
import { waitFor } from "../../helpers/echo-server.js";
import { bareMethod, bareService, serve, withCtx } from "../../helpers/net-service.js";
import { frame, header, openRaw } from "../../helpers/raw.js";

const PING = encodeFrame(frame({ kind: FrameKind.PING, serializer: 0, requestId: 0, body: new Uint8Array(8) }));
const hold = bareMethod("test.Ping", "hold", { kind: "string" });

describe("transport: ping floods", () => {
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

  it("sends GOAWAY and closes after too many pings without a call; pings during a call are fine", async () => {
    let release = () => {};
    const impl = { hold: withCtx(() => new Promise<string>((resolve) => (release = () => resolve("held")))) };
    const { server, port } = await serve(bareService("test.Ping", [hold]), impl, { limits: { minPingIntervalMs: 60_000, maxPingStrikes: 2 } });
    try {
      const busy = await openRaw(port);
      busy.send(frame({ kind: FrameKind.REQUEST, requestId: 1, header: header({ service: "test.Ping", method: "hold", timeoutMs: 10_000 }) }));
      await waitFor(() => server.stats().inFlight === 1, 5000, "the call to run");
      for (let i = 0; i < 5; i++) busy.send(PING);
      await waitFor(() => busy.frames.length === 5, 5000, "five PONGs");
      expect(busy.frames.every((f) => f.kind === FrameKind.PONG)).to.equal(true);
      release();
      await waitFor(() => busy.frames.length === 6, 5000, "the answer");

      const idle = await openRaw(port);
      idle.socket.write(Buffer.concat([PING, PING, PING, PING, PING]));
      await waitFor(() => idle.isClosed || idle.frames.length === 5, 5000, "the connection to close (or five PONGs)");
      // The first PING is free, two strikes are tolerated, the third strike ends it.
      expect(idle.frames.map((f) => f.kind)).to.deep.equal([FrameKind.PONG, FrameKind.PONG, FrameKind.PONG, FrameKind.GOAWAY]);
      expect(idle.frames[3]!.header.message).to.equal("too many pings");
      await idle.closed;
      expect(busy.isClosed).to.equal(false);
      busy.socket.destroy();
    } finally {
      await server.close();
    }
  });
});
