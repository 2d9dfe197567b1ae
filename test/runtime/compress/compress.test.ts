import { expect } from "chai";
import { gzipSync } from "node:zlib";
import {
  compressorByName,
  DecompressError,
  getCompressor,
  gzipCompressor,
  noneCompressor,
  registerCompressor,
} from "../../../runtime/compress/index.js";
import type { Compressor } from "../../../runtime/compress/index.js";

function expectDecompressError(fn: () => unknown, reason: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(DecompressError);
    expect((err as DecompressError).reason).to.equal(reason);
    return;
  }
  expect.fail(`expected DecompressError ${reason}`);
}

describe("compress", () => {
  it("registers none (0) and gzip (1)", () => {
    expect(getCompressor(0)).to.equal(noneCompressor);
    expect(getCompressor(1)).to.equal(gzipCompressor);
    expect(compressorByName("gzip")).to.equal(gzipCompressor);
    expect(getCompressor(77)).to.equal(undefined);
  });

  it("round-trips gzip and actually compresses repetitive data", () => {
    const data = Buffer.from("order-".repeat(2000));
    const packed = gzipCompressor.compress(data);
    expect(packed.byteLength).to.be.below(data.length / 10);
    expect(Buffer.from(gzipCompressor.decompress(packed, data.length)).equals(data)).to.equal(true);
  });

  it("refuses a gzip bomb at the limit instead of inflating it", () => {
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    expect(bomb.length).to.be.below(64 * 1024);
    expectDecompressError(() => gzipCompressor.decompress(bomb, 1024 * 1024), "TOO_LARGE");
    // Exactly at the limit is fine; one byte under is not.
    const exact = gzipSync(Buffer.alloc(1000, 7));
    expect(gzipCompressor.decompress(exact, 1000).byteLength).to.equal(1000);
    expectDecompressError(() => gzipCompressor.decompress(exact, 999), "TOO_LARGE");
  });

  it("reports corrupt gzip data", () => {
    expectDecompressError(() => gzipCompressor.decompress(Buffer.from("not gzip at all"), 1000), "CORRUPT");
  });

  it("applies the size limit to uncompressed bodies too", () => {
    expect(noneCompressor.decompress(new Uint8Array(10), 10).byteLength).to.equal(10);
    expectDecompressError(() => noneCompressor.decompress(new Uint8Array(11), 10), "TOO_LARGE");
  });

  it("accepts a user compressor", () => {
    const reverse: Compressor = {
      id: 42,
      name: "reverse",
      compress: (b) => Uint8Array.from(b).reverse(),
      decompress: (b) => Uint8Array.from(b).reverse(),
    };
    registerCompressor(reverse);
    expect(getCompressor(42)).to.equal(reverse);
    expect(compressorByName("reverse")).to.equal(reverse);
    expect(() => registerCompressor({ ...reverse, id: -1 })).to.throw(RangeError);
  });
});
