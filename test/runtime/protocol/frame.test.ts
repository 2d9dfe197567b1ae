import { expect } from "chai";
import {
  createFrameDecoder,
  DEFAULT_FRAME_LIMITS,
  emptyHeader,
  encodeFrame,
  FrameFlag,
  FrameKind,
  measureHeader,
  PRELUDE_BYTES,
} from "../../../runtime/protocol/index.js";
import type { Frame, FrameHeader } from "../../../runtime/protocol/index.js";
import { expectSameFrame } from "./helpers.js";

function header(partial: Partial<FrameHeader>): FrameHeader {
  return { ...emptyHeader(), ...partial };
}

function decodeAll(bytes: Uint8Array): Frame[] {
  const out: Frame[] = [];
  const d = createFrameDecoder(DEFAULT_FRAME_LIMITS, (f) => out.push(f));
  d.push(bytes);
  expect(d.pending).to.equal(0);
  return out;
}

describe("protocol: frame encode/decode", () => {
  const kinds = Object.entries(FrameKind);
  for (const [name, kind] of kinds) {
    it(`round-trips a ${name} frame`, () => {
      const frame: Frame = {
        kind,
        flags: kind === FrameKind.RESPONSE ? FrameFlag.ERROR | FrameFlag.NOT_PROCESSED : 0,
        serializer: 1,
        compressor: kind === FrameKind.REQUEST ? 1 : 0,
        requestId: 0xfffffffe,
        header: header({
          service: "shop.orders.OrderService",
          method: "get",
          timeoutMs: 1500,
          status: "NOT_FOUND",
          message: "no order ünïcødé ✓",
          metadata: { "x-trace": "abc", "ключ": "значение", empty: "" },
        }),
        body: new Uint8Array([1, 2, 3, 250, 0]),
      };
      const bytes = encodeFrame(frame);
      expect(measureHeader(frame.header)).to.equal(bytes.readUInt32BE(12));
      const [decoded, ...rest] = decodeAll(bytes);
      expect(rest).to.have.length(0);
      expectSameFrame(decoded!, frame);
    });
  }

  it("has the documented default limits", () => {
    expect(DEFAULT_FRAME_LIMITS).to.deep.equal({ maxFrameBytes: 4 * 1024 * 1024, maxMetadataBytes: 8 * 1024, maxMetadataEntries: 100 });
  });

  it("writes the 20-byte prelude as documented", () => {
    const bytes = encodeFrame({
      kind: FrameKind.PING,
      flags: 0,
      serializer: 0,
      compressor: 0,
      requestId: 0x01020304,
      header: emptyHeader(),
      body: new Uint8Array(8),
    });
    expect(bytes.length).to.equal(PRELUDE_BYTES + 8);
    expect([...bytes.subarray(0, 8)]).to.deep.equal([0x52, 0x47, 1, FrameKind.PING, 0, 0, 0, 0]);
    expect(bytes.readUInt32BE(8)).to.equal(0x01020304);
    expect(bytes.readUInt32BE(12)).to.equal(0);
    expect(bytes.readUInt32BE(16)).to.equal(8);
  });

  it("omits empty header fields and keeps an empty header empty", () => {
    const bytes = encodeFrame({ kind: FrameKind.GOAWAY, flags: 0, serializer: 0, compressor: 0, requestId: 0, header: emptyHeader(), body: new Uint8Array(0) });
    expect(bytes.length).to.equal(PRELUDE_BYTES);
  });

  it("rounds fractional timeouts up and clamps huge ones to u32", () => {
    const enc = (timeoutMs: number) =>
      decodeAll(encodeFrame({ kind: FrameKind.REQUEST, flags: 0, serializer: 1, compressor: 0, requestId: 1, header: header({ timeoutMs }), body: new Uint8Array(0) }))[0]!.header.timeoutMs;
    expect(enc(0.2)).to.equal(1);
    expect(enc(10.5)).to.equal(11);
    expect(enc(-5)).to.equal(0);
    expect(enc(1e12)).to.equal(0xffffffff);
  });

  it("decodes metadata keys such as __proto__ as plain entries", () => {
    const metadata = Object.create(null) as Record<string, string>;
    metadata["__proto__"] = "x";
    metadata["constructor"] = "y";
    const [f] = decodeAll(encodeFrame({ kind: FrameKind.REQUEST, flags: 0, serializer: 1, compressor: 0, requestId: 7, header: header({ metadata }), body: new Uint8Array(0) }));
    expect(Object.getPrototypeOf(f!.header.metadata)).to.equal(null);
    expect(Object.keys(f!.header.metadata).sort()).to.deep.equal(["__proto__", "constructor"]);
    expect(f!.header.metadata["__proto__"]).to.equal("x");
    expect(({} as Record<string, unknown>)["x"]).to.equal(undefined);
  });

  it("skips unknown header tags from newer peers", () => {
    const base = encodeFrame({ kind: FrameKind.REQUEST, flags: 0, serializer: 1, compressor: 0, requestId: 9, header: header({ method: "m" }), body: new Uint8Array([7]) });
    // Insert an unknown TLV (tag 200, 3 bytes) before the body.
    const extra = Buffer.from([200, 3, 9, 9, 9]);
    const headerLen = base.readUInt32BE(12);
    const patched = Buffer.concat([base.subarray(0, PRELUDE_BYTES + headerLen), extra, base.subarray(PRELUDE_BYTES + headerLen)]);
    patched.writeUInt32BE(headerLen + extra.length, 12);
    const [f] = decodeAll(patched);
    expect(f!.header.method).to.equal("m");
    expect([...f!.body]).to.deep.equal([7]);
  });

  it("gives whole-chunk frames a body that views the chunk (no copy)", () => {
    const bytes = encodeFrame({ kind: FrameKind.RESPONSE, flags: 0, serializer: 1, compressor: 0, requestId: 3, header: emptyHeader(), body: new Uint8Array([5, 6]) });
    const [f] = decodeAll(bytes);
    expect(f!.body.buffer).to.equal(bytes.buffer);
  });
});
