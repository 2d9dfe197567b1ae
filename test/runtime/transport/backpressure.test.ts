/** Write-buffer limits: a client waits for room; a server stops reading from a client that does not read. */
import { expect } from "chai";
import { encodeArgs, msgpackSerializer } from "../../../runtime/codec/index.js";
import { createClient } from "../../../runtime/client/channel.js";
import type { Middleware } from "../../../runtime/middleware/types.js";
import { FrameKind } from "../../../runtime/protocol/types.js";
import { Echo } from "../../helpers/descriptors.js";
import { startEcho, waitFor } from "../../helpers/echo-server.js";
import { frame, header, openRaw } from "../../helpers/raw.js";

const echo = Echo.methods["echo"]!;

describe("transport: backpressure", function () {
  it("queues requests while the client's write buffer is full and sends them as it drains", async () => {
    const started = await startEcho();
    // A limit below one frame: every request after the first waits for the previous write to complete.
    const client = createClient({ target: started.target, maxWriteBufferBytes: 1 });
    try {
      const texts = Array.from({ length: 50 }, (_, i) => `m${i}`.repeat(100));
      expect(await Promise.all(texts.map((t) => client.unary(echo, { text: t })))).to.deep.equal(texts);
      expect(client.stats().pending).to.equal(0);
    } finally {
      await client.close();
      await started.server.close();
    }
  });

  it("stops reading requests from a client that does not read its answers, and resumes when it does", async () => {
    let handled = 0;
    const count: Middleware = (next) => (call) => {
      handled++;
      return next(call);
    };
    const started = await startEcho({ maxWriteBufferBytes: 64 * 1024, middleware: [count] });
    const peer = await openRaw(started.port);
    try {
      peer.socket.pause(); // read nothing
      const total = 400;
      const text = "y".repeat(64 * 1024); // 400 x 64 KiB answers: far more than socket buffers hold
      for (let id = 1; id <= total; id++) {
        peer.send(
          frame({
            kind: FrameKind.REQUEST,
            requestId: id,
            header: header({ service: "test.Echo", method: "echo", timeoutMs: 60_000 }),
            body: encodeArgs(msgpackSerializer, echo, { text }),
          }),
        );
      }
      await waitFor(() => handled > 0, 5000, "the first calls");
      await new Promise((r) => setTimeout(r, 500));
      expect(handled).to.be.below(total);
      peer.socket.resume();
      await waitFor(() => peer.frames.length === total, 20_000, "every answer once the client reads");
      expect(handled).to.equal(total);
    } finally {
      peer.socket.destroy();
      await started.server.close();
    }
  });
});
