import { expect } from "chai";
import { decodeArgs, encodeArgs, msgpackSerializer as s, structType } from "../../../runtime/codec/index.js";
import type { TypeSchema } from "../../../runtime/schema/types.js";
import { field, Item$schema, methods, t } from "./fixtures.js";

const pair: TypeSchema = structType({ ...Item$schema, fields: [field(1, "a", t.string), field(2, "b", { kind: "list", element: t.string })] });

describe("codec: msgpack writer state", () => {
  it("writes a correct body when a getter encodes during the encode (ORM/MobX objects)", () => {
    const inner: Uint8Array[] = [];
    const value = {
      b: ["x", "y"],
      get a(): string {
        inner.push(s.encode(`inside-${"z".repeat(40)}`, t.string));
        return "outer-a";
      },
    };
    const bytes = s.encode(value, pair);
    expect(s.decode(bytes, pair)).to.deep.equal({ a: "outer-a", b: ["x", "y"] });
    expect(s.decode(inner[0]!, t.string)).to.equal(`inside-${"z".repeat(40)}`);
    // The nested result stays intact after further encodes reuse the writer.
    s.encode("later", t.string);
    expect(s.decode(inner[0]!, t.string)).to.equal(`inside-${"z".repeat(40)}`);
  });

  it("survives a nested encode that grows the buffer or fails and is caught", () => {
    const big = new Uint8Array(300_000).fill(7);
    let nested: Uint8Array | undefined;
    const value = {
      get a(): string {
        nested = s.encode(big, t.bytes);
        try {
          s.encode(5, t.string);
        } catch {
          // a getter that swallows an encode error must not corrupt the outer body
        }
        return "a";
      },
      b: ["after"],
    };
    expect(s.decode(s.encode(value, pair), pair)).to.deep.equal({ a: "a", b: ["after"] });
    expect(s.decode(nested!, t.bytes)).to.deep.equal(big);
  });

  it("writes correct call arguments when an argument's getter encodes", () => {
    const item = {
      quantity: 3,
      price: { currency: "EUR", units: 2n },
      get sku(): string {
        s.encode({ sku: "other", quantity: 1, price: { currency: "USD", units: 1n } }, structType(Item$schema));
        return "a";
      },
    };
    const back = decodeArgs(s, methods.place, encodeArgs(s, methods.place, { items: [item] }));
    expect(back).to.deep.equal({ items: [{ sku: "a", quantity: 3, price: { currency: "EUR", units: 2n } }] });
  });

  it("does not keep a large body's arena for the small bodies after it", () => {
    const large = s.encode(new Uint8Array(4 << 20), t.bytes);
    const small = s.encode("small", t.string);
    // A small body's view must not pin the multi-MiB arena the large one needed.
    expect(small.buffer.byteLength).to.be.at.most(64 * 1024);
    expect(large.byteLength).to.be.greaterThan(4 << 20);
    expect(s.decode(small, t.string)).to.equal("small");
  });
});
