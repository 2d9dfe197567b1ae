/** Hostile and edge-case frames over a real socket: limits, garbage, oneway silence, first-frame timeout. */
import { expect } from "chai";
import { encodeArgs, msgpackSerializer } from "../../../runtime/codec/index.js";
import { createClient } from "../../../runtime/client/channel.js";
import { encodeFrame } from "../../../runtime/protocol/index.js";
import { FrameFlag, FrameKind } from "../../../runtime/protocol/types.js";
import { Echo } from "../../helpers/descriptors.js";
import { startEcho, waitFor, type Started } from "../../helpers/echo-server.js";
import { frame, header, openRaw } from "../../helpers/raw.js";

const s = msgpackSerializer;

function echoRequest(text: string, requestId = 1, metadata: Record<string, string> = {}) {
  return frame({
    kind: FrameKind.REQUEST,
    requestId,
    header: header({ service: "test.Echo", method: "echo", timeoutMs: 5000, metadata }),
    body: encodeArgs(s, Echo.methods["echo"]!, { text }),
  });
}

/** The server still serves a fresh client after a connection was killed. */
async function stillServes(started: Started): Promise<void> {
  const client = createClient({ target: started.target });
  try {
    expect(await client.unary(Echo.methods["echo"]!, { text: "alive" })).to.equal("alive");
  } finally {
    await client.close();
  }
}

describe("server: hostile frames", function () {
  let started: Started;
  afterEach(async () => started?.server.close({ timeoutMs: 1000 }));

  it("closes a connection that sends garbage; other connections and the process are fine", async () => {
    started = await startEcho();
    const good = await openRaw(started.port);
    const bad = await openRaw(started.port);
    bad.send(Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    await bad.closed;
    good.send(echoRequest("still here"));
    await waitFor(() => good.frames.length === 1, 5000, "answer on the other connection");
    expect(good.isClosed).to.equal(false);
    expect(s.decode(good.frames[0]!.body, { kind: "string" })).to.equal("still here");
    good.socket.destroy();
    await stillServes(started);
  });

  it("accepts a frame of exactly maxFrameBytes and closes the connection on one byte more", async () => {
    const limit = 4096;
    started = await startEcho({ limits: { maxFrameBytes: limit } });
    const sized = (n: number) => echoRequest("x".repeat(n));
    const size = (n: number) => encodeFrame(sized(n)).length - 20;
    const n = 3000 + (limit - size(3000));
    expect(size(n)).to.equal(limit);
    const atLimit = await openRaw(started.port);
    atLimit.send(sized(n));
    await waitFor(() => atLimit.frames.length === 1, 5000, "answer at the limit");
    expect(atLimit.frames[0]!.flags & FrameFlag.ERROR).to.equal(0);
    const past = await openRaw(started.port);
    past.send(sized(n + 1));
    await past.closed;
    expect(past.bytes).to.equal(0);
    expect(atLimit.isClosed).to.equal(false);
    atLimit.socket.destroy();
    await stillServes(started);
  });

  it("closes on an oversize declared length before the body arrives", async () => {
    started = await startEcho({ limits: { maxFrameBytes: 1024 } });
    const peer = await openRaw(started.port);
    const prelude = encodeFrame(echoRequest("x")).subarray(0, 20);
    prelude.writeUInt32BE(1_000_000_000, 16); // 1 GB body, never sent
    peer.send(prelude);
    await peer.closed;
    await stillServes(started);
  });

  /** The over-limit call alone is refused (RESOURCE_EXHAUSTED, not processed); its connection keeps serving. */
  async function refusesOnlyThatCall(atLimit: Record<string, string>, past: Record<string, string>): Promise<void> {
    const ok = await openRaw(started.port);
    ok.send(echoRequest("m", 1, atLimit));
    await waitFor(() => ok.frames.length === 1, 5000, "answer at the metadata limit");
    expect(ok.frames[0]!.flags & FrameFlag.ERROR).to.equal(0);
    ok.send(echoRequest("m", 2, past));
    ok.send(echoRequest("after", 3));
    await waitFor(() => ok.frames.length === 3, 5000, "the refusal and the next answer");
    const [refusal, next] = [ok.frames[1]!, ok.frames[2]!];
    expect(refusal.requestId).to.equal(2);
    expect(refusal.flags).to.equal(FrameFlag.ERROR | FrameFlag.NOT_PROCESSED);
    expect(refusal.header.status).to.equal("RESOURCE_EXHAUSTED");
    expect(refusal.header.message).to.match(/metadata/);
    expect(s.decode(next.body, { kind: "string" })).to.equal("after");
    expect(ok.isClosed).to.equal(false);
    ok.socket.destroy();
  }

  it("refuses only the call whose metadata bytes are past the limit", async () => {
    started = await startEcho({ limits: { maxMetadataBytes: 64 } });
    await refusesOnlyThatCall({ k: "v".repeat(63) }, { k: "v".repeat(64) });
  });

  it("refuses only the call whose metadata entry count is past the limit", async () => {
    started = await startEcho({ limits: { maxMetadataEntries: 3 } });
    await refusesOnlyThatCall({ a: "1", b: "2", c: "3" }, { a: "1", b: "2", c: "3", d: "4" });
  });

  it("admits maxConcurrentCallsPerConnection calls and rejects the next as RESOURCE_EXHAUSTED, not processed", async () => {
    started = await startEcho({ limits: { maxConcurrentCallsPerConnection: 2 } });
    const peer = await openRaw(started.port);
    const sleep = (id: number) =>
      frame({
        kind: FrameKind.REQUEST,
        requestId: id,
        header: header({ service: "test.Echo", method: "sleep", timeoutMs: 5000 }),
        body: encodeArgs(s, Echo.methods["sleep"]!, { ms: 300 }),
      });
    peer.send(sleep(1));
    peer.send(sleep(2));
    peer.send(sleep(3));
    await waitFor(() => peer.frames.length === 3, 5000, "three answers");
    const byId = new Map(peer.frames.map((f) => [f.requestId, f]));
    expect(byId.get(3)!.header.status).to.equal("RESOURCE_EXHAUSTED");
    expect(byId.get(3)!.flags & FrameFlag.NOT_PROCESSED).to.equal(FrameFlag.NOT_PROCESSED);
    for (const id of [1, 2]) {
      expect(byId.get(id)!.flags & FrameFlag.ERROR).to.equal(0);
      expect(s.decode(byId.get(id)!.body, { kind: "string" })).to.equal("slept 300");
    }
    expect(started.probe.sleepers).to.have.length(2);
    peer.socket.destroy();
  });

  it("answers UNIMPLEMENTED for an unknown service or method, and for prototype names", async () => {
    started = await startEcho();
    const peer = await openRaw(started.port);
    const names: [string, string][] = [["test.Nope", "echo"], ["test.Echo", "nope"], ["test.Echo", "constructor"], ["test.Echo", "__proto__"]];
    names.forEach(([service, method], i) =>
      peer.send(frame({ kind: FrameKind.REQUEST, requestId: i + 1, header: header({ service, method, timeoutMs: 1000 }) })),
    );
    await waitFor(() => peer.frames.length === names.length, 5000, "answers");
    for (const f of peer.frames) {
      expect(f.header.status).to.equal("UNIMPLEMENTED");
      expect(f.flags & FrameFlag.NOT_PROCESSED).to.equal(FrameFlag.NOT_PROCESSED);
    }
    peer.socket.destroy();
  });

  it("sends zero bytes back for a oneway call, even one that fails", async () => {
    started = await startEcho();
    const peer = await openRaw(started.port);
    const oneway = (method: string, args: Record<string, unknown>, id: number) =>
      frame({
        kind: FrameKind.ONEWAY,
        requestId: id,
        header: header({ service: "test.Echo", method, timeoutMs: 1000 }),
        body: method === "track" ? encodeArgs(s, Echo.methods["track"]!, args) : new Uint8Array([0xc1]),
      });
    peer.send(oneway("track", { event: "opened" }, 1));
    peer.send(oneway("nope", {}, 2)); // unknown method
    peer.send(oneway("track", {}, 3)); // missing required argument: fails validation
    await waitFor(() => started.probe.tracked.length === 1, 5000, "the oneway handler");
    expect(started.probe.tracked).to.deep.equal(["opened"]);
    await new Promise((r) => setTimeout(r, 300));
    expect(peer.bytes).to.equal(0);
    expect(peer.isClosed).to.equal(false);
    expect(started.probe.reported.length).to.be.at.least(1);
    peer.socket.destroy();
  });

  it("stops waiting for a handler at the deadline: answers DEADLINE_EXCEEDED and aborts ctx.signal", async () => {
    started = await startEcho();
    const peer = await openRaw(started.port); // a peer with no timer of its own and no CANCEL
    peer.send(
      frame({
        kind: FrameKind.REQUEST,
        requestId: 9,
        header: header({ service: "test.Echo", method: "sleep", timeoutMs: 150 }),
        body: encodeArgs(s, Echo.methods["sleep"]!, { ms: 10_000 }),
      }),
    );
    await waitFor(() => peer.frames.length === 1, 5000, "the server's own answer");
    expect(peer.frames[0]!.requestId).to.equal(9);
    expect(peer.frames[0]!.header.status).to.equal("DEADLINE_EXCEEDED");
    expect(peer.frames[0]!.flags & FrameFlag.NOT_PROCESSED).to.equal(0);
    expect(started.probe.aborted).to.deep.equal(["DEADLINE_EXCEEDED"]);
    expect(started.server.stats().inFlight).to.equal(0);
    peer.socket.destroy();
  });

  it("aborts ctx.signal with the reason a CANCEL frame gives", async () => {
    started = await startEcho();
    const peer = await openRaw(started.port);
    const sleep = (id: number) =>
      frame({
        kind: FrameKind.REQUEST,
        requestId: id,
        header: header({ service: "test.Echo", method: "sleep", timeoutMs: 60_000 }),
        body: encodeArgs(s, Echo.methods["sleep"]!, { ms: 10_000 }),
      });
    peer.send(sleep(1));
    peer.send(sleep(2));
    await waitFor(() => started.probe.sleepers.length === 2, 5000, "two calls running");
    peer.send(frame({ kind: FrameKind.CANCEL, requestId: 1 }));
    peer.send(frame({ kind: FrameKind.CANCEL, requestId: 2, header: header({ status: "DEADLINE_EXCEEDED" }) }));
    peer.send(frame({ kind: FrameKind.CANCEL, requestId: 77 })); // unknown id: ignored
    await waitFor(() => started.probe.aborted.length === 2, 5000, "both aborted");
    expect(started.probe.aborted).to.deep.equal(["CANCELLED", "DEADLINE_EXCEEDED"]);
    await new Promise((r) => setTimeout(r, 100));
    expect(peer.bytes).to.equal(0); // nothing is answered for a cancelled call
    expect(started.server.stats().inFlight).to.equal(0);
    peer.socket.destroy();
  });

  it("answers PING with PONG carrying the same payload", async () => {
    started = await startEcho();
    const peer = await openRaw(started.port);
    const payload = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    peer.send(frame({ kind: FrameKind.PING, requestId: 0, serializer: 0, body: payload }));
    await waitFor(() => peer.frames.length === 1, 5000, "pong");
    expect(peer.frames[0]!.kind).to.equal(FrameKind.PONG);
    expect([...peer.frames[0]!.body]).to.deep.equal([...payload]);
    peer.socket.destroy();
  });

  it("pings a silent client while a call runs and drops it when no PONG comes; the handler is aborted", async () => {
    started = await startEcho({ keepalive: { intervalMs: 100, timeoutMs: 100 } });
    const peer = await openRaw(started.port); // never answers PING
    peer.send(
      frame({
        kind: FrameKind.REQUEST,
        requestId: 1,
        header: header({ service: "test.Echo", method: "sleep", timeoutMs: 60_000 }),
        body: encodeArgs(s, Echo.methods["sleep"]!, { ms: 30_000 }),
      }),
    );
    await peer.closed;
    expect(peer.frames.map((f) => f.kind)).to.include(FrameKind.PING);
    await waitFor(() => started.probe.aborted.length === 1, 5000, "the handler's abort");
    expect(started.server.stats()).to.deep.equal({ connections: 0, inFlight: 0 });
  });

  it("closes a connection that sends no frame within firstFrameTimeout", async () => {
    started = await startEcho({ firstFrameTimeout: 100 });
    const silent = await openRaw(started.port);
    await silent.closed;
    expect(silent.bytes).to.equal(0);
    await stillServes(started);
  });
});
