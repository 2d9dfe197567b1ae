import { expect } from "chai";
import { CodecError, jsonSerializer as s, structType } from "../../../runtime/codec/index.js";
import { Order$schema } from "./fixtures.js";

const orderType = structType(Order$schema);

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err, String(err)).to.be.instanceOf(CodecError);
    return (err as CodecError).reason;
  }
  return expect.fail("expected a CodecError");
}

/** Calls `fn` with JSON.parse counted. */
function countingParse(fn: () => void): number {
  const original = JSON.parse;
  let calls = 0;
  JSON.parse = ((text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) => {
    calls++;
    return original(text, reviver);
  }) as typeof JSON.parse;
  try {
    fn();
  } finally {
    JSON.parse = original;
  }
  return calls;
}

describe("codec: json serializer depth limit", () => {
  it("refuses deep nesting inside an unknown field", () => {
    const deep = "[".repeat(70) + "]".repeat(70);
    expect(reasonOf(() => s.decode(Buffer.from(`{"1":"x","99":${deep}}`), orderType))).to.equal("DEPTH");
    expect(reasonOf(() => s.decode(Buffer.from(`{"1":"x","99":{"a":${deep}}}`), orderType))).to.equal("DEPTH");
  });

  it("refuses a 4 MiB body of nested arrays before JSON.parse builds it", () => {
    const half = 2 << 20;
    const body = Buffer.from("[".repeat(half) + "]".repeat(half));
    const calls = countingParse(() => {
      expect(reasonOf(() => s.decode(body, orderType))).to.equal("DEPTH");
      expect(reasonOf(() => s.decodeAny(body))).to.equal("DEPTH");
    });
    expect(calls).to.equal(0);
  });

  it("accepts nesting up to the limit and ignores brackets inside strings", () => {
    const text = '[\\"[[[{{{' + "[".repeat(100) + '\\\\';
    const back = s.decode(Buffer.from(`{"1":${JSON.stringify(text)},"99":${"[".repeat(63)}${"]".repeat(63)}}`), orderType) as Record<string, unknown>;
    expect(back["id"]).to.equal(text);
    expect(s.decodeAny(Buffer.from("[".repeat(64) + "]".repeat(64)))).to.be.an("array");
    expect(reasonOf(() => s.decodeAny(Buffer.from("[".repeat(65) + "]".repeat(65))))).to.equal("DEPTH");
  });
});
