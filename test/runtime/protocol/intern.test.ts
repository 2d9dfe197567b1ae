/** Interned header names: always the same text as a plain UTF-8 decode, whatever was cached before. */
import { expect } from "chai";
import fc from "fast-check";
import { internedString } from "../../../runtime/protocol/intern.js";

describe("protocol: interned names", () => {
  it("decodes exactly like toString('utf8') across hits, misses and slot collisions", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom("shop.Orders", "get", "place", "shop.Orders2", "", "é", "x".repeat(65)), fc.string({ maxLength: 70 }), fc.string({ unit: "grapheme", maxLength: 10 })), { maxLength: 60 }), (names) => {
        for (const name of names) {
          // Embedded at an offset in a larger buffer, like a header inside a frame.
          const buf = Buffer.concat([Buffer.from([1, 2, 3]), Buffer.from(name, "utf8"), Buffer.from([9])]);
          expect(internedString(buf, 3, buf.length - 1)).to.equal(name);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("is not fooled when the bytes it saw are reused for another name", () => {
    const buf = Buffer.from("getX");
    expect(internedString(buf, 0, 3)).to.equal("get");
    buf.write("set", 0, "latin1"); // the decoder's chunk is reused memory: the cache must hold a copy
    expect(internedString(buf, 0, 3)).to.equal("set");
    expect(internedString(Buffer.from("get"), 0, 3)).to.equal("get");
  });
});
