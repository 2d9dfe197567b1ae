import { expect } from "chai";
import fc from "fast-check";
import {
  createFrameDecoder,
  DEFAULT_FRAME_LIMITS,
  emptyHeader,
  encodeFrame,
  FrameKind,
  PRELUDE_BYTES,
  OVERSIZED_METADATA,
  ProtocolError,
} from "../../../runtime/protocol/index.js";
import type { Frame, FrameKind as Kind, FrameLimits } from "../../../runtime/protocol/index.js";
import { expectSameFrame } from "./helpers.js";

const text = fc.string({ maxLength: 30, unit: "grapheme" });
const frameArb: fc.Arbitrary<Frame> = fc.record({
  kind: fc.integer({ min: 1, max: 7 }).map((k) => k as Kind),
  flags: fc.integer({ min: 0, max: 255 }),
  serializer: fc.integer({ min: 0, max: 255 }),
  compressor: fc.integer({ min: 0, max: 255 }),
  requestId: fc.integer({ min: 0, max: 0xffffffff }),
  header: fc.record({
    service: text,
    method: text,
    timeoutMs: fc.integer({ min: 0, max: 0xffffffff }),
    status: text,
    message: fc.string({ maxLength: 300 }),
    metadata: fc.dictionary(text, text, { maxKeys: 8 }),
  }),
  body: fc.uint8Array({ maxLength: 400 }),
});

/** Splits `bytes` at the given cut points (sorted, deduplicated). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

function expectProtocolError(fn: () => void, reason: string): ProtocolError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ProtocolError);
    expect((err as ProtocolError).reason).to.equal(reason);
    return err as ProtocolError;
  }
  throw new Error(`expected ProtocolError ${reason}`);
}

function rawPrelude(headerLen: number, bodyLen: number, kind = 1): Buffer {
  const b = Buffer.alloc(PRELUDE_BYTES);
  b[0] = 0x52;
  b[1] = 0x47;
  b[2] = 1;
  b[3] = kind;
  b.writeUInt32BE(1, 8);
  b.writeUInt32BE(headerLen, 12);
  b.writeUInt32BE(bodyLen, 16);
  return b;
}

describe("protocol: incremental decoder", () => {
  it("decodes any sequence of frames under any split of the stream", () => {
    fc.assert(
      fc.property(fc.array(frameArb, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 40 }), (frames, cuts) => {
        const stream = Buffer.concat(frames.map(encodeFrame));
        const got: Frame[] = [];
        const d = createFrameDecoder(DEFAULT_FRAME_LIMITS, (f) => got.push(f));
        for (const piece of split(stream, cuts)) d.push(piece);
        expect(d.pending).to.equal(0);
        expect(got).to.have.length(frames.length);
        got.forEach((f, i) => expectSameFrame(f, frames[i]!));
      }),
      { numRuns: 300 },
    );
  });

  it("decodes a stream fed one byte at a time", () => {
    fc.assert(
      fc.property(fc.array(frameArb, { minLength: 1, maxLength: 3 }), (frames) => {
        const stream = Buffer.concat(frames.map(encodeFrame));
        const got: Frame[] = [];
        const d = createFrameDecoder(DEFAULT_FRAME_LIMITS, (f) => got.push(f));
        for (let i = 0; i < stream.length; i++) {
          d.push(stream.subarray(i, i + 1));
          expect(d.pending).to.be.at.most(stream.length);
        }
        expect(d.pending).to.equal(0);
        got.forEach((f, i) => expectSameFrame(f, frames[i]!));
        expect(got).to.have.length(frames.length);
      }),
      { numRuns: 60 },
    );
  });

  it("assembles a frame split across two chunks", () => {
    const frame: Frame = { kind: FrameKind.REQUEST, flags: 0, serializer: 1, compressor: 0, requestId: 5, header: emptyHeader(), body: new Uint8Array([1, 2, 3, 4]) };
    const bytes = encodeFrame(frame);
    const got: Frame[] = [];
    const d = createFrameDecoder(DEFAULT_FRAME_LIMITS, (f) => got.push(f));
    d.push(Uint8Array.from(bytes.subarray(0, 22)));
    expect(d.pending).to.equal(22);
    d.push(Uint8Array.from(bytes.subarray(22)));
    expect([...got[0]!.body]).to.deep.equal([1, 2, 3, 4]);
  });

  describe("limits", () => {
    const limits: FrameLimits = { maxFrameBytes: 1000, maxMetadataBytes: 50, maxMetadataEntries: 3 };

    it("accepts a frame of exactly maxFrameBytes and refuses one byte more", () => {
      const ok = encodeFrame({ kind: FrameKind.REQUEST, flags: 0, serializer: 1, compressor: 0, requestId: 1, header: { ...emptyHeader(), method: "m" }, body: new Uint8Array(1000 - 3) });
      let n = 0;
      createFrameDecoder(limits, () => n++).push(ok);
      expect(n).to.equal(1);
      const big = encodeFrame({ kind: FrameKind.REQUEST, flags: 0, serializer: 1, compressor: 0, requestId: 1, header: { ...emptyHeader(), method: "m" }, body: new Uint8Array(1000 - 2) });
      const d = createFrameDecoder(limits, () => n++);
      expectProtocolError(() => d.push(big.subarray(0, PRELUDE_BYTES)), "FRAME_TOO_LARGE");
    });

    it("refuses an oversize declared length from the prelude alone, buffering nothing", () => {
      const d = createFrameDecoder(DEFAULT_FRAME_LIMITS, () => expect.fail("no frame expected"));
      const prelude = rawPrelude(0, 0xffffffff);
      d.push(prelude.subarray(0, 10));
      expect(d.pending).to.equal(10);
      expectProtocolError(() => d.push(prelude.subarray(10)), "FRAME_TOO_LARGE");
      expect(d.pending).to.equal(0);
      // Header and body lengths are added, not checked one by one.
      const d2 = createFrameDecoder(DEFAULT_FRAME_LIMITS, () => undefined);
      expectProtocolError(() => d2.push(rawPrelude(3 * 1024 * 1024, 3 * 1024 * 1024)), "FRAME_TOO_LARGE");
    });

    function metaFrame(metadata: Record<string, string>): Buffer {
      return encodeFrame({ kind: FrameKind.REQUEST, flags: 0, serializer: 1, compressor: 0, requestId: 1, header: { ...emptyHeader(), metadata }, body: new Uint8Array(0) });
    }

    /** The metadata of every frame `bytes` decodes to: OVERSIZED_METADATA stands for a block over a limit. */
    function decodedMetadata(bytes: Buffer): Record<string, string>[] {
      const got: Record<string, string>[] = [];
      createFrameDecoder(limits, (f) => got.push(f.header.metadata)).push(bytes);
      return got;
    }

    it("accepts metadata at the entry limit and marks one entry more as oversized, staying in step", () => {
      expect(decodedMetadata(metaFrame({ a: "1", b: "2", c: "3" }))[0]).to.deep.equal({ a: "1", b: "2", c: "3" });
      const both = decodedMetadata(Buffer.concat([metaFrame({ a: "1", b: "2", c: "3", d: "4" }), metaFrame({ z: "26" })]));
      expect(both).to.have.length(2);
      expect(both[0]).to.equal(OVERSIZED_METADATA);
      expect(both[1]).to.deep.equal({ z: "26" });
    });

    it("accepts metadata of exactly maxMetadataBytes and marks one byte more as oversized", () => {
      expect(decodedMetadata(metaFrame({ k: "v".repeat(49) }))[0]).to.deep.equal({ k: "v".repeat(49) });
      expect(decodedMetadata(metaFrame({ k: "v".repeat(50) }))[0]).to.equal(OVERSIZED_METADATA);
      expect(decodedMetadata(metaFrame({ a: "x".repeat(20), b: "y".repeat(29) }))[0]).to.equal(OVERSIZED_METADATA);
    });
  });

  describe("bad input", () => {
    it("refuses a bad magic on the first byte", () => {
      const d = createFrameDecoder(DEFAULT_FRAME_LIMITS, () => undefined);
      expectProtocolError(() => d.push(Buffer.from("G")), "BAD_MAGIC");
      expect(d.pending).to.equal(0);
    });

    it("refuses an HTTP request sent to the port", () => {
      const d = createFrameDecoder(DEFAULT_FRAME_LIMITS, () => undefined);
      expectProtocolError(() => d.push(Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n")), "BAD_MAGIC");
    });

    it("refuses another protocol version", () => {
      const p = rawPrelude(0, 0);
      p[2] = 2;
      const d = createFrameDecoder(DEFAULT_FRAME_LIMITS, () => undefined);
      d.push(p.subarray(0, 2));
      expectProtocolError(() => d.push(p.subarray(2, 3)), "BAD_VERSION");
    });

    it("refuses an unknown kind", () => {
      expectProtocolError(() => createFrameDecoder(DEFAULT_FRAME_LIMITS, () => undefined).push(rawPrelude(0, 0, 9)), "MALFORMED");
      expectProtocolError(() => createFrameDecoder(DEFAULT_FRAME_LIMITS, () => undefined).push(rawPrelude(0, 0, 0)), "MALFORMED");
    });

    const malformedHeaders: Record<string, number[]> = {
      "a TLV running past the header": [1, 10, 65],
      "a truncated varint": [1, 0x80],
      "a varint over 5 bytes": [1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
      "a timeout that is not 4 bytes": [3, 2, 0, 1],
      "two metadata blocks": [6, 1, 0, 6, 1, 0],
      "metadata entries past their block": [6, 3, 1, 1, 65],
      "trailing bytes in the metadata block": [6, 2, 0, 0],
    };
    for (const [what, bytes] of Object.entries(malformedHeaders)) {
      it(`refuses ${what}`, () => {
        const frame = Buffer.concat([rawPrelude(bytes.length, 0), Buffer.from(bytes)]);
        expectProtocolError(() => createFrameDecoder(DEFAULT_FRAME_LIMITS, () => undefined).push(frame), "MALFORMED");
      });
    }

    it("refuses all further input after a failure", () => {
      const d = createFrameDecoder(DEFAULT_FRAME_LIMITS, () => undefined);
      expectProtocolError(() => d.push(Buffer.from([0])), "BAD_MAGIC");
      const good = encodeFrame({ kind: FrameKind.PING, flags: 0, serializer: 0, compressor: 0, requestId: 0, header: emptyHeader(), body: new Uint8Array(8) });
      expectProtocolError(() => d.push(good), "MALFORMED");
    });

    it("never throws anything but ProtocolError on random header bytes", () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 120 }), (headerBytes) => {
          const frame = Buffer.concat([rawPrelude(headerBytes.length, 0), headerBytes]);
          const got: Frame[] = [];
          try {
            createFrameDecoder({ maxFrameBytes: 1000, maxMetadataBytes: 40, maxMetadataEntries: 3 }, (f) => got.push(f)).push(frame);
          } catch (err) {
            expect(err).to.be.instanceOf(ProtocolError);
            return;
          }
          expect(got).to.have.length(1);
          expect(Object.keys(got[0]!.header.metadata).length).to.be.at.most(3);
        }),
        { numRuns: 2000 },
      );
    });

    it("never throws anything but ProtocolError on random garbage after a valid frame", () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), (garbage) => {
          const good = encodeFrame({ kind: FrameKind.PING, flags: 0, serializer: 0, compressor: 0, requestId: 0, header: emptyHeader(), body: new Uint8Array(8) });
          const d = createFrameDecoder({ maxFrameBytes: 1000, maxMetadataBytes: 100, maxMetadataEntries: 5 }, () => undefined);
          try {
            d.push(Buffer.concat([good, garbage]));
          } catch (err) {
            expect(err).to.be.instanceOf(ProtocolError);
          }
          expect(d.pending).to.be.at.most(garbage.length);
        }),
        { numRuns: 500 },
      );
    });
  });
});
