/** GOAWAY carries the last request id the server read: every later call is known not processed. */
import { expect } from "chai";
import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import type { RpcError } from "../../../runtime/errors.js";
import { createFrameDecoder, DEFAULT_FRAME_LIMITS, encodeFrame, FrameKind } from "../../../runtime/protocol/index.js";
import type { Frame } from "../../../runtime/protocol/index.js";
import { bareMethod, bareService, serve, withCtx } from "../../helpers/net-service.js";
import { rejectionOf, waitFor } from "../../helpers/echo-server.js";
import { frame, header, openRaw } from "../../helpers/raw.js";

const hold = bareMethod("test.Go", "hold", { kind: "string" });

function goaway(body: Uint8Array): Buffer {
  return encodeFrame(frame({ kind: FrameKind.GOAWAY, serializer: 0, requestId: 0, header: header({ message: "bye" }), body }));
}

/** A fake server that reads `count` requests, then answers with `onRequests(socket, ids)`. */
async function fakeServer(count: number, onRequests: (socket: Socket, ids: number[]) => void): Promise<{ listener: NetServer; port: number }> {
  const listener = createNetServer((socket) => {
    const ids: number[] = [];
    socket.on("error", () => {});
    const decoder = createFrameDecoder(DEFAULT_FRAME_LIMITS, (f: Frame) => {
      if (f.kind !== FrameKind.REQUEST) return;
      ids.push(f.requestId);
      if (ids.length === count) onRequests(socket, ids);
    });
    socket.on("data", (chunk: Buffer) => decoder.push(chunk));
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  return { listener, port: (listener.address() as { port: number }).port };
}

describe("client: GOAWAY with the last request id", () => {
  it("fails calls after the last id UNAVAILABLE, not processed, even when the connection ends at once", async () => {
    const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
    const { listener, port } = await fakeServer(3, (socket, ids) => {
      // Read all three, but claims to have accepted only the first before going away; then drops the socket.
      socket.write(goaway(u32(ids[0]!)), () => socket.destroy());
    });
    const client = createClient({ target: `127.0.0.1:${port}`, reconnect: { initialMs: 5000 } });
    try {
      const calls = [0, 1, 2].map(() => rejectionOf(client.unary(hold, {})));
      const [first, second, third] = (await Promise.all(calls)) as RpcError[];
      expect(first!.code).to.equal(Code.UNAVAILABLE);
      expect(first!.notProcessed).to.equal(false);
      for (const e of [second!, third!]) {
        expect(e.code).to.equal(Code.UNAVAILABLE);
        expect(e.notProcessed).to.equal(true);
      }
    } finally {
      await client.close({ force: true });
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it("treats a GOAWAY without a body (an older server) as saying nothing about pending calls", async () => {
    const { listener, port } = await fakeServer(2, (socket) => {
      socket.write(goaway(new Uint8Array(0)), () => socket.destroy());
    });
    const client = createClient({ target: `127.0.0.1:${port}`, reconnect: { initialMs: 5000 } });
    try {
      const errors = (await Promise.all([rejectionOf(client.unary(hold, {})), rejectionOf(client.unary(hold, {}))])) as RpcError[];
      for (const e of errors) {
        expect(e.code).to.equal(Code.UNAVAILABLE);
        expect(e.notProcessed).to.equal(false);
      }
    } finally {
      await client.close({ force: true });
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it("server: GOAWAY names the last request it read (0 on an idle connection)", async () => {
    let release = () => {};
    const impl = { hold: withCtx(() => new Promise<string>((resolve) => (release = () => resolve("held")))) };
    const { server, port } = await serve(bareService("test.Go", [hold]), impl);
    const busy = await openRaw(port);
    const idle = await openRaw(port);
    busy.send(frame({ kind: FrameKind.REQUEST, requestId: 7, header: header({ service: "test.Go", method: "hold", timeoutMs: 5000 }) }));
    await waitFor(() => busy.bytes === 0 && server.stats().inFlight === 1, 5000, "the call to run");
    const closing = server.close();
    await waitFor(() => busy.frames.length === 1 && idle.frames.length === 1, 5000, "both GOAWAYs");
    for (const [peer, last] of [[busy, 7], [idle, 0]] as const) {
      const g = peer.frames[0]!;
      expect(g.kind).to.equal(FrameKind.GOAWAY);
      expect(Buffer.from(g.body).readUInt32BE(0)).to.equal(last);
    }
    release();
    await closing;
  });
});
