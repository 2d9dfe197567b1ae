/** Shutdown edges: a oneway that crosses GOAWAY still runs, quietly; answers share the empty metadata. */
import { expect } from "chai";
import { encodeArgs, msgpackSerializer } from "../../../runtime/codec/index.js";
import { EMPTY_METADATA, FrameKind } from "../../../runtime/protocol/index.js";
import { resultFrame } from "../../../runtime/server/respond.js";
import { Echo } from "../../helpers/descriptors.js";
import { startEcho, waitFor } from "../../helpers/echo-server.js";
import { frame, header, openRaw } from "../../helpers/raw.js";

const track = (requestId: number, event: string) =>
  frame({
    kind: FrameKind.ONEWAY,
    requestId,
    header: header({ service: "test.Echo", method: "track", timeoutMs: 5000 }),
    body: encodeArgs(msgpackSerializer, Echo.methods["track"]!, { event }),
  });

describe("server: oneway calls around close()", () => {
  for (const busy of [false, true]) {
    it(`runs a oneway that arrives just after GOAWAY, without reporting an error (${busy ? "draining" : "idle"} connection)`, async () => {
      const started = await startEcho();
      const peer = await openRaw(started.port);
      if (busy) {
        peer.send(frame({ kind: FrameKind.REQUEST, requestId: 1, header: header({ service: "test.Echo", method: "sleep", timeoutMs: 5000 }), body: encodeArgs(msgpackSerializer, Echo.methods["sleep"]!, { ms: 300 }) }));
        await waitFor(() => started.probe.sleepers.length === 1, 5000, "the call to run");
      }
      // Sent as close() starts: the server reads it after its GOAWAY went out.
      const closing = started.server.close();
      peer.send(track(2, "late"));
      await waitFor(() => peer.frames.some((f) => f.kind === FrameKind.GOAWAY), 5000, "GOAWAY");
      await waitFor(() => started.probe.tracked.length === 1 || started.probe.reported.length > 0, 5000, "the oneway to run or be refused");
      expect(started.probe.reported).to.deep.equal([]);
      expect(started.probe.tracked).to.deep.equal(["late"]);
      peer.socket.end();
      await closing;
    });
  }

  it("answers with the protocol's shared EMPTY_METADATA (the encoder skips it by identity)", () => {
    const f = resultFrame(1, msgpackSerializer, Echo.methods["echo"]!, "x", undefined, 1024);
    expect(f.header.metadata).to.equal(EMPTY_METADATA);
  });
});
