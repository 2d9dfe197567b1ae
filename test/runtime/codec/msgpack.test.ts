import { expect } from "chai";
import fc from "fast-check";
import { Packr, Unpackr } from "msgpackr";
import { argsType, CodecError, decodeArgs, encodeArgs, msgpackSerializer as s, structType } from "../../../runtime/codec/index.js";
import type { StructSchema, TypeSchema } from "../../../runtime/schema/types.js";
import { field, methods, Order$schema, sampleOrder, t } from "./fixtures.js";

/** An independent MessagePack implementation to check interoperability. */
const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: "bigint" });

function struct(fields: StructSchema["fields"]): TypeSchema {
  return structType({ kind: "struct", name: "S", fullName: "test.S", fields, annotations: {} });
}

function expectCodecError(fn: () => unknown): CodecError {
  try {
    fn();
  } catch (err) {
    expect(err, String(err)).to.be.instanceOf(CodecError);
    return err as CodecError;
  }
  return expect.fail("expected a CodecError");
}

describe("codec: msgpack writer/reader", () => {
  const ints = [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 31 - 1, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1, -(2 ** 53) + 1];

  it("writes every integer width in a form other MessagePack readers read back", () => {
    for (const n of ints) {
      const bytes = s.encode(n, t.float64);
      expect(Number(unpackr.unpack(bytes) as number | bigint), `${n}`).to.equal(n);
      expect(s.decode(bytes, t.float64)).to.equal(n);
      expect(s.decode(packr.pack(n), t.float64), `msgpackr ${n}`).to.equal(n);
      expect(s.decode(bytes, t.int64)).to.equal(BigInt(n));
    }
  });

  it("keeps floats exact, including -0, NaN and float32 input", () => {
    for (const x of [0.1, -2.5e-300, 1e300, Number.MAX_VALUE, -0]) {
      expect(Object.is(s.decode(s.encode(x, t.float64), t.float64), x), `${x}`).to.equal(true);
    }
    expect(s.decode(s.encode(NaN, t.float64), t.float64)).to.be.NaN;
    expect(s.decode(Buffer.from([0xca, 0x3f, 0xc0, 0, 0]), t.float64)).to.equal(1.5);
  });

  it("writes int64 extremes exactly, interoperable with msgpackr", () => {
    for (const n of [2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n, -(2n ** 53n), 2n ** 60n + 7n]) {
      const bytes = s.encode(n, t.int64);
      expect(s.decode(bytes, t.int64)).to.equal(n);
      expect(BigInt(unpackr.unpack(bytes) as bigint | number)).to.equal(n);
      expect(s.decode(packr.pack(n), t.int64)).to.equal(n);
    }
    expect(() => s.encode(2n ** 63n, t.int64)).to.throw(CodecError, /out of range/);
  });

  it("writes timestamps in their 32, 64 and 96-bit forms", () => {
    const dates = [new Date(0), new Date(1700000000000), new Date(1700000000123), new Date(-1), new Date(-8.64e15), new Date(8.64e15), new Date(2 ** 32 * 1000 + 5)];
    for (const d of dates) {
      const bytes = s.encode(d, t.timestamp);
      expect((s.decode(bytes, t.timestamp) as Date).getTime(), d.toISOString()).to.equal(d.getTime());
      expect((unpackr.unpack(bytes) as Date).getTime()).to.equal(d.getTime());
      expect((s.decode(packr.pack(d), t.timestamp) as Date).getTime()).to.equal(d.getTime());
    }
    expect(s.encode(new Date(0), t.timestamp).length).to.equal(6);
  });

  it("refuses timestamps whose nanoseconds exceed 999,999,999 (64 and 96-bit forms)", () => {
    const ts64 = (nsec: number): Buffer => {
      const b = Buffer.from([0xd7, 0xff, 0, 0, 0, 0, 0, 0, 0, 1]);
      b.writeUInt32BE(nsec * 4, 2);
      return b;
    };
    const ts96 = (nsec: number): Buffer => {
      const b = Buffer.from([0xc7, 12, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
      b.writeUInt32BE(nsec, 3);
      return b;
    };
    for (const form of [ts64, ts96]) {
      expect((s.decode(form(999_999_999), t.timestamp) as Date).getTime()).to.equal(1999);
      for (const nsec of [1_000_000_000, 2 ** 30 - 1]) {
        const err = expectCodecError(() => s.decode(form(nsec), t.timestamp));
        expect(err.reason, `${form.name} ${nsec}`).to.equal("MALFORMED");
        expect(err.message).to.match(/nanoseconds/);
      }
    }
    expect(expectCodecError(() => s.decode(ts96(2 ** 32 - 1), t.timestamp)).reason).to.equal("MALFORMED");
  });

  it("round-trips strings and bytes across every length form", () => {
    for (const len of [0, 15, 31, 32, 255, 256, 65535, 65536, 70000]) {
      const ascii = "x".repeat(len);
      const unicode = [..."é✓😀".repeat(len)].slice(0, len).join("");
      for (const str of [ascii, unicode]) {
        const bytes = s.encode(str, t.string);
        expect(s.decode(bytes, t.string)).to.equal(str);
        expect(unpackr.unpack(bytes)).to.equal(str);
        expect(s.decode(packr.pack(str), t.string)).to.equal(str);
      }
      const bin = new Uint8Array(len).map((_, i) => i & 0xff);
      expect(s.decode(s.encode(bin, t.bytes), t.bytes)).to.deep.equal(bin);
    }
  });

  it("round-trips long lists and big maps", () => {
    for (const n of [15, 16, 65535, 65536]) {
      const list = Array.from({ length: n }, (_, i) => i);
      const lt: TypeSchema = { kind: "list", element: t.int32 };
      expect(s.decode(s.encode(list, lt), lt)).to.deep.equal(list);
      const map = new Map(list.map((i) => [`k${i}`, i]));
      const mt: TypeSchema = { kind: "map", key: t.string, value: t.int32 };
      const back = s.decode(s.encode(map, mt), mt) as Map<string, number>;
      expect(back.size).to.equal(n);
      for (const [k, v] of map) if (back.get(k) !== v) expect.fail(`entry ${k}`);
    }
  });

  it("handles structs of many fields and large field IDs", () => {
    const fields = Array.from({ length: 20 }, (_, i) => field(i === 19 ? 2 ** 29 - 1 : i * 1000 + 1, `f${i}`, t.int32, { optional: true }));
    const type = struct(fields);
    const value = Object.fromEntries(fields.map((f, i) => [f.name, i]));
    const bytes = s.encode(value, type);
    expect(s.decode(bytes, type)).to.deep.equal(value);
    const wire = unpackr.unpack(bytes) as Map<number, number>;
    expect(wire.get(2 ** 29 - 1)).to.equal(19);
    expect(wire.get(1001)).to.equal(1);
    expect(s.decode(s.encode({ f3: 3 }, type), type)).to.deep.equal({ f3: 3 });
  });

  it("decodes structs written by another MessagePack library", () => {
    const wire = new Map<unknown, unknown>([[1, "o-9"], [3, []], ["junk", [1, { a: new Date(5) }]], [99, new Map([[1, 2n ** 62n]])], [8, 12], [6, new Date(42)]]);
    const back = s.decode(packr.pack(wire), structType(Order$schema)) as Record<string, unknown>;
    expect(back["id"]).to.equal("o-9");
    expect(back["version"]).to.equal(12n);
    expect((back["createdAt"] as Date).getTime()).to.equal(42);
    expect(back["status"]).to.equal(1);
  });

  it("reads our struct bytes with another MessagePack library", () => {
    const wire = unpackr.unpack(s.encode(sampleOrder(), structType(Order$schema))) as Map<number, unknown>;
    expect(wire.get(1)).to.equal("o-1");
    expect(wire.get(8)).to.equal(2n ** 53n + 1n);
    expect((wire.get(4) as Map<string, string>).get("__proto__")).to.equal("kept");
  });

  it("throws only CodecError on any truncation of a valid body", () => {
    const bytes = s.encode(sampleOrder(), structType(Order$schema));
    for (let n = 0; n < bytes.length; n++) {
      expectCodecError(() => s.decode(bytes.subarray(0, n), structType(Order$schema)));
    }
  });

  it("throws only CodecError on random garbage", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (garbage) => {
        try {
          s.decode(garbage, structType(Order$schema));
        } catch (err) {
          expect(err).to.be.instanceOf(CodecError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses a declared length beyond the body before allocating", () => {
    // An array claiming 2^32-1 elements, a map claiming 2^32-1 entries, a string claiming 4 GiB.
    const lt: TypeSchema = { kind: "list", element: t.int32 };
    expect(expectCodecError(() => s.decode(Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff, 1]), lt)).reason).to.equal("MALFORMED");
    const mt: TypeSchema = { kind: "map", key: t.string, value: t.int32 };
    expect(expectCodecError(() => s.decode(Buffer.from([0xdf, 0xff, 0xff, 0xff, 0xff, 1]), mt)).reason).to.equal("MALFORMED");
    expect(expectCodecError(() => s.decode(Buffer.from([0xdb, 0xff, 0xff, 0xff, 0xff, 0x41]), t.string)).reason).to.equal("MALFORMED");
    // Inside a skipped unknown field too.
    expect(expectCodecError(() => s.decode(Buffer.from([0x81, 0x63, 0xdd, 0xff, 0xff, 0xff, 0xff]), structType(Order$schema))).reason).to.equal("MALFORMED");
  });

  it("skips unknown fields of any depth without recursion", () => {
    // {99: [[[...]]] 100000 levels deep, 1: "x"}
    const depth = 100_000;
    const parts = [Buffer.from([0x82, 0x63]), Buffer.alloc(depth, 0x91), Buffer.from([0xc0, 0x01, 0xa1, 0x78])];
    const back = s.decode(Buffer.concat(parts), structType(Order$schema)) as Record<string, unknown>;
    expect(back["id"]).to.equal("x");
  });

  it("refuses trailing bytes after the value", () => {
    expect(expectCodecError(() => s.decode(Buffer.from([0x01, 0x02]), t.int32)).reason).to.equal("MALFORMED");
  });

  it("returns independent results from consecutive encodes", () => {
    const a = s.encode("first", t.string);
    const b = s.encode("second", t.string);
    expect(s.decode(a, t.string)).to.equal("first");
    expect(s.decode(b, t.string)).to.equal("second");
    // Many encodes spanning several internal chunks stay intact.
    const kept = Array.from({ length: 5000 }, (_, i) => s.encode(`value-${i}-${"y".repeat(i % 50)}`, t.string));
    kept.forEach((bytes, i) => expect(s.decode(bytes, t.string)).to.equal(`value-${i}-${"y".repeat(i % 50)}`));
  });
});

describe("codec: msgpack call arguments as a request object", () => {
  // The request object is written as the documented wire form (a struct of the parameters) with no copy.
  it("writes the parameters' struct bytes and reads them back into a request object", () => {
    const cases: [keyof typeof methods, Record<string, unknown>][] = [
      ["search", { query: "shoes" }],
      ["search", { query: "a b", limit: 5, labels: new Map([["x", 1n]]) }],
      ["search", { limit: null }],
      ["place", { items: [{ sku: "a", quantity: 3, price: { currency: "EUR", units: 2n } }], payment: { kind: "cardToken", value: "t" } }],
      ["ping", {}],
      ["total", { from: new Date(1_700_000_000_123), big: 2n ** 62n, ratio: 0.5 }],
    ];
    for (const [name, request] of cases) {
      const m = methods[name];
      const body = encodeArgs(s, m, request);
      expect(Buffer.from(body).toString("hex"), name).to.equal(Buffer.from(s.encode(request, argsType(m))).toString("hex"));
      expect(decodeArgs(s, m, body), name).to.deep.equal(s.decode(body, argsType(m)));
    }
  });

  it("skips unknown parameter IDs and nils, and applies defaults, like the struct form", () => {
    const m = methods.search;
    // {1: "q", 9: "unknown", 2: nil}
    const body = packr.pack(new Map<number, unknown>([[1, "q"], [9, "unknown"], [2, null]]));
    expect(decodeArgs(s, m, body)).to.deep.equal({ query: "q", limit: 20 });
  });
});
