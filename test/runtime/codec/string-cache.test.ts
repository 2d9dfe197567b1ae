/** The short-string cache: same text as a UTF-8 decode, whatever shared a slot before. */
import { expect } from "chai";
import fc from "fast-check";
import { CACHED_MAX_BYTES, cachedAscii } from "../../../runtime/codec/string-cache.js";

describe("codec: short string cache", () => {
  it("returns the bytes' text for ASCII and undefined otherwise, across hits and evictions", () => {
    const pool = ["red", "large", "priority", "EUR", "", "a", "b", "ab", "ba", "x".repeat(CACHED_MAX_BYTES - 1)];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pool), fc.string({ maxLength: CACHED_MAX_BYTES + 4 })), { maxLength: 200 }), (texts) => {
        for (const text of texts) {
          const bytes = Buffer.concat([Buffer.from([0xc0]), Buffer.from(text, "utf8")]);
          const len = bytes.length - 1;
          if (len >= CACHED_MAX_BYTES) continue;
          const got = cachedAscii(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), 1, len);
          if (/^[\x00-\x7f]*$/.test(text)) expect(got).to.equal(text);
          else expect(got).to.equal(undefined);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("does not hand out a cached string for other bytes of the same length", () => {
    // Fill every slot with 3-letter strings, then check each against fresh bytes.
    const words: string[] = [];
    for (let a = 97; a < 123; a++) for (let b = 97; b < 123; b++) words.push(String.fromCharCode(a, b, 122));
    for (const w of words) expect(cachedAscii(Buffer.from(w, "latin1"), 0, 3)).to.equal(w);
    for (const w of words.reverse()) expect(cachedAscii(Buffer.from(w, "latin1"), 0, 3)).to.equal(w);
  });
});
