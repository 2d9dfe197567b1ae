/** The per-tick write batch against a fake socket: layout, scratch reuse, and bytes a socket still holds. */
import { expect } from "chai";
import type { Socket } from "node:net";
import { createFrameDecoder, DEFAULT_FRAME_LIMITS, emptyHeader, FrameKind, type Frame } from "../../../runtime/protocol/index.js";
import { SPLIT_BODY_BYTES, WriteBatch } from "../../../runtime/transport/write-batch.js";
import { expectSameFrame } from "../protocol/helpers.js";

/** Records written buffers by reference (like a socket that has not sent them yet) and says how much it holds. */
class FakeSocket {
  writes: Buffer[] = [];
  corked = 0;
  /** What writableLength reports after a write: 0 = the OS took everything. */
  holds = 0;
  get writableLength(): number {
    return this.holds;
  }
  write(chunk: Buffer, cb?: () => void): boolean {
    this.writes.push(chunk);
    cb?.();
    return true;
  }
  cork(): void {
    this.corked++;
  }
  uncork(): void {}
}

function frame(id: number, bodyBytes: number, fill = id & 0xff): Frame {
  return {
    kind: FrameKind.REQUEST,
    flags: 0,
    serializer: 1,
    compressor: 0,
    requestId: id,
    header: { ...emptyHeader(), service: "svc.S", method: `m${id}`, timeoutMs: 1000 },
    body: new Uint8Array(bodyBytes).fill(fill),
  };
}

function decode(bytes: Buffer[]): Frame[] {
  const out: Frame[] = [];
  const decoder = createFrameDecoder(DEFAULT_FRAME_LIMITS, (f) => out.push({ ...f, body: Uint8Array.from(f.body) }));
  for (const b of bytes) decoder.push(Uint8Array.from(b)); // copies: what the bytes say *now*
  return out;
}

describe("WriteBatch", () => {
  it("writes a tick's small frames as one buffer that decodes to the same frames", () => {
    const socket = new FakeSocket();
    const batch = new WriteBatch();
    const frames = Array.from({ length: 300 }, (_, i) => frame(i + 1, i % 50));
    for (const f of frames) batch.add(f);
    batch.flush(socket as unknown as Socket, undefined);
    expect(socket.writes).to.have.length(1);
    expect(batch.bytes).to.equal(0);
    const got = decode(socket.writes);
    expect(got).to.have.length(300);
    got.forEach((f, i) => expectSameFrame(f, frames[i]!));
  });

  it("never rewrites bytes a socket still holds; reuses its scratch once the socket took all", () => {
    const socket = new FakeSocket();
    const batch = new WriteBatch();
    const first = [frame(1, 10, 0xaa), frame(2, 20, 0xbb)];
    const second = [frame(3, 10, 0xcc), frame(4, 20, 0xdd)];
    const third = [frame(5, 10, 0xee)];
    socket.holds = 100; // the first batch is still queued in the socket
    for (const f of first) batch.add(f);
    batch.flush(socket as unknown as Socket, undefined);
    socket.holds = 0;
    for (const f of second) batch.add(f);
    batch.flush(socket as unknown as Socket, undefined);
    const [a, b] = socket.writes;
    // What the socket holds is unchanged by the next batch.
    decode([a!]).forEach((f, i) => expectSameFrame(f, first[i]!));
    decode([b!]).forEach((f, i) => expectSameFrame(f, second[i]!));
    expect(a!.buffer).to.not.equal(b!.buffer);
    for (const f of third) batch.add(f);
    batch.flush(socket as unknown as Socket, undefined);
    // The second batch was taken whole: its scratch carries the third one.
    expect(socket.writes[2]!.buffer).to.equal(b!.buffer);
    decode([socket.writes[2]!]).forEach((f, i) => expectSameFrame(f, third[i]!));
  });

  it("keeps large bodies in their own buffers, in order with the small frames around them", () => {
    const socket = new FakeSocket();
    const batch = new WriteBatch();
    const big = frame(2, SPLIT_BODY_BYTES * 4, 7);
    const frames = [frame(1, 5), big, frame(3, 6), frame(4, SPLIT_BODY_BYTES, 9), frame(5, 0)];
    for (const f of frames) batch.add(f);
    batch.flush(socket as unknown as Socket, undefined);
    expect(socket.corked).to.equal(1); // large bodies dominate: one vectored write
    // The big body went out from its own memory, not copied.
    expect(socket.writes.some((w) => w.buffer === big.body.buffer && w.byteOffset === big.body.byteOffset)).to.equal(true);
    decode(socket.writes).forEach((f, i) => expectSameFrame(f, frames[i]!));
  });

  it("grows its scratch for a burst without losing what it holds", () => {
    const socket = new FakeSocket();
    const batch = new WriteBatch();
    const frames = Array.from({ length: 40 }, (_, i) => frame(i + 1, SPLIT_BODY_BYTES - 1, i));
    for (const f of frames) batch.add(f);
    batch.flush(socket as unknown as Socket, undefined);
    expect(socket.writes).to.have.length(1);
    decode(socket.writes).forEach((f, i) => expectSameFrame(f, frames[i]!));
  });
});
