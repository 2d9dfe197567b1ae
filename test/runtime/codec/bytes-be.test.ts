/** Byte-arithmetic big-endian reads agree with Buffer's read methods at any offset. */
import { expect } from "chai";
import fc from "fast-check";
import { big64be, f32be, f64be, i16be, i32be, i8, u32be } from "../../../runtime/codec/bytes-be.js";

describe("codec: big-endian reads on plain views", () => {
  it("match Buffer's readers for every byte pattern", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 24 }), fc.nat(16), (bytes, at) => {
        const i = at % (bytes.length - 7);
        const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength); // not a Buffer
        expect(u32be(view, i)).to.equal(b.readUInt32BE(i));
        expect(i32be(view, i)).to.equal(b.readInt32BE(i));
        expect(i16be(view, i)).to.equal(b.readInt16BE(i));
        expect(i8(view, i)).to.equal(b.readInt8(i));
        expect(Object.is(f32be(view, i), b.readFloatBE(i)) || (Number.isNaN(f32be(view, i)) && Number.isNaN(b.readFloatBE(i)))).to.equal(true);
        expect(Object.is(f64be(view, i), b.readDoubleBE(i)) || (Number.isNaN(f64be(view, i)) && Number.isNaN(b.readDoubleBE(i)))).to.equal(true);
        expect(big64be(view, i, false)).to.equal(b.readBigUInt64BE(i));
        expect(big64be(view, i, true)).to.equal(b.readBigInt64BE(i));
      }),
      { numRuns: 2000 },
    );
  });
});
