/** Pings obey the same backpressure as answers, and a peer that pings too often without calls is sent away. */
import { expect } from "chai";
import { encodeFrame, FrameKind } from "../../../runtime/protocol/index.js";
import { waitFor } from "../../helpers/echo-server.js";
import { bareMethod, bareService, serve, withCtx } from "../../helpers/net-service.js";
import { frame, header, openRaw } from "../../helpers/raw.js";

const PING = encodeFrame(frame({ kind: FrameKind.PING, serializer: 0, requestId: 0, body: new Uint8Array(8) }));
const hold = bareMethod("test.Ping", "hold", { kind: "string" });

describe("transport: ping floods", () => {
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
