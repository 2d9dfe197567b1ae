import { expect } from "chai";
import fc from "fast-check";
import { Packr } from "msgpackr";
import {
  CodecError,
  decodeArgs,
  decodeIdlError,
  decodeResult,
  encodeArgs,
  encodeIdlError,
  encodeResult,
  getSerializer,
  jsonSerializer,
  msgpackSerializer,
  registerSerializer,
  serializerByName,
  structType,
  DEFAULT_SERIALIZER_ID,
} from "../../../runtime/codec/index.js";
import type { Serializer } from "../../../runtime/codec/index.js";
import type { StructSchema, TypeSchema } from "../../../runtime/schema/types.js";
import { field, Item$schema, Money$schema, methods, Node$schema, NotFound, NotFound$schema, Order$schema, Payment$schema, sampleOrder, t } from "./fixtures.js";

const orderType = structType(Order$schema);
const serializers: Serializer[] = [msgpackSerializer, jsonSerializer];
/** Raw msgpack writer for hand-crafted (hostile) bodies. */
const raw = new Packr({ useRecords: false });

function roundTrip(s: Serializer, value: unknown, type: TypeSchema): unknown {
  return s.decode(s.encode(value, type), type);
}

function expectCodecError(fn: () => unknown, reason: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(CodecError);
    expect((err as CodecError).reason).to.equal(reason);
    return;
  }
  expect.fail(`expected CodecError ${reason}`);
}

describe("codec: registry", () => {
  it("has msgpack (1, default) and json (2) built in", () => {
    expect(DEFAULT_SERIALIZER_ID).to.equal(1);
    expect(getSerializer(1)).to.equal(msgpackSerializer);
    expect(getSerializer(2)).to.equal(jsonSerializer);
    expect(serializerByName("json")).to.equal(jsonSerializer);
    expect(getSerializer(99)).to.equal(undefined);
  });

  it("accepts a user serializer and refuses a bad id", () => {
    const custom: Serializer = { ...jsonSerializer, id: 200, name: "json-copy" };
    registerSerializer(custom);
    expect(getSerializer(200)).to.equal(custom);
    expect(serializerByName("json-copy")).to.equal(custom);
    expect(() => registerSerializer({ ...custom, id: 256 })).to.throw(RangeError);
  });
});

for (const s of serializers) {
  describe(`codec: ${s.name} serializer`, () => {
    it("round-trips every type of a fully populated struct", () => {
      const order = sampleOrder();
      const back = roundTrip(s, order, orderType) as Record<string, unknown>;
      expect(back).to.deep.equal(order);
      expect(back["version"]).to.equal(2n ** 53n + 1n);
      expect((back["signature"] as Uint8Array).constructor).to.equal(Uint8Array);
      expect((back["labels"] as Map<string, string>).get("__proto__")).to.equal("kept");
      expect(Object.getPrototypeOf(back)).to.equal(Object.prototype);
    });

    it("round-trips random orders", () => {
      const money = fc.record({ currency: fc.string(), units: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) });
      const order = fc.record(
        {
          id: fc.string(),
          status: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
          items: fc.array(fc.record({ sku: fc.string(), quantity: fc.integer(), price: money })),
          labels: fc.array(fc.tuple(fc.string(), fc.string())).map((e) => new Map(e)),
          note: fc.string({ unit: "grapheme" }),
          createdAt: fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms)),
          signature: fc.uint8Array(),
          version: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
          discount: fc.double(),
          counts: fc.array(fc.tuple(fc.integer(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }))).map((e) => new Map(e)),
          payment: fc.oneof(fc.record({ kind: fc.constant("cardToken"), value: fc.string() }), fc.record({ kind: fc.constant("credit"), value: money })),
          tags: fc.array(fc.string()),
        },
        { requiredKeys: ["id", "status", "items", "labels", "createdAt", "signature", "version", "discount", "tags"] },
      );
      fc.assert(
        fc.property(order, (o) => {
          expect(roundTrip(s, o, orderType)).to.deep.equal(o);
        }),
        { numRuns: 200 },
      );
    });

    it("decodes small int64 values as bigint", () => {
      expect(roundTrip(s, 5n, t.int64)).to.equal(5n);
      expect(roundTrip(s, -(2n ** 63n), t.int64)).to.equal(-(2n ** 63n));
      expect(roundTrip(s, 2n ** 63n - 1n, t.int64)).to.equal(2n ** 63n - 1n);
    });

    it("applies defaults to absent defaulted fields and leaves optional ones absent", () => {
      const back = roundTrip(s, { id: "x", items: [{ sku: "a", price: { currency: "EUR", units: 1n } }] }, orderType) as Record<string, unknown>;
      expect(back["status"]).to.equal(1);
      expect(back["discount"]).to.equal(0);
      expect(back["tags"]).to.deep.equal([]);
      expect((back["items"] as Record<string, unknown>[])[0]!["quantity"]).to.equal(1);
      expect(Object.hasOwn(back, "note")).to.equal(false);
      expect(Object.hasOwn(back, "payment")).to.equal(false);
      // Required but absent: left absent, validation reports it.
      expect(Object.hasOwn(back, "createdAt")).to.equal(false);
    });

    it("gives each decoded value its own copy of a list default", () => {
      const a = roundTrip(s, { id: "a" }, orderType) as { tags: string[] };
      const b = roundTrip(s, { id: "b" }, orderType) as { tags: string[] };
      a.tags.push("x");
      expect(b.tags).to.deep.equal([]);
    });

    it("is rename-safe: field IDs, not names, identify fields", () => {
      const renamed: StructSchema = {
        ...Item$schema,
        fields: [field(1, "code", t.string), field(2, "count", t.int32), field(3, "cost", { kind: "ref", target: () => Money$schema })],
      };
      const bytes = s.encode({ sku: "A", quantity: 4, price: { currency: "EUR", units: 9n } }, structType(Item$schema));
      expect(s.decode(bytes, structType(renamed))).to.deep.equal({ code: "A", count: 4, cost: { currency: "EUR", units: 9n } });
    });

    it("skips fields it does not know (a newer peer's fields)", () => {
      const newer: StructSchema = { ...Item$schema, fields: [...Item$schema.fields, field(99, "extra", { kind: "list", element: t.string }), field(100, "blob", t.bytes)] };
      const bytes = s.encode({ sku: "A", quantity: 2, price: { currency: "EUR", units: 1n }, extra: ["x"], blob: new Uint8Array([1]) }, structType(newer));
      expect(s.decode(bytes, structType(Item$schema))).to.deep.equal({ sku: "A", quantity: 2, price: { currency: "EUR", units: 1n } });
    });

    it("encodes unions as one entry and refuses an unknown kind", () => {
      const u = structType(Payment$schema);
      expect(roundTrip(s, { kind: "cardToken", value: "tok" }, u)).to.deep.equal({ kind: "cardToken", value: "tok" });
      expect(() => s.encode({ kind: "cash", value: 1 }, u)).to.throw(CodecError, /unknown member "cash"/);
      // A member this side does not know decodes as an unset union.
      const newer: StructSchema = { ...Payment$schema, fields: [...Payment$schema.fields, field(3, "voucher", t.string)] };
      expect(s.decode(s.encode({ kind: "voucher", value: "v" }, structType(newer)), u)).to.equal(undefined);
      // As a struct field, such a union leaves the field absent.
      const newerOrder: StructSchema = { ...Order$schema, fields: Order$schema.fields.map((f) => (f.id === 11 ? { ...f, type: structType(newer) } : f)) };
      const back = s.decode(s.encode({ id: "x", payment: { kind: "voucher", value: "v" } }, structType(newerOrder)), orderType) as Record<string, unknown>;
      expect(Object.hasOwn(back, "payment")).to.equal(false);
    });

    it("accepts a plain object for a map on encode and decodes a Map", () => {
      const mt: TypeSchema = { kind: "map", key: t.int32, value: t.string };
      expect(roundTrip(s, { "1": "a", "-2": "b" }, mt)).to.deep.equal(new Map([[1, "a"], [-2, "b"]]));
    });

    it("round-trips timestamps with millisecond precision and non-finite floats", () => {
      expect((roundTrip(s, new Date(1234567890123), t.timestamp) as Date).getTime()).to.equal(1234567890123);
      expect(roundTrip(s, Infinity, t.float64)).to.equal(Infinity);
      expect(roundTrip(s, NaN, t.float64)).to.be.NaN;
    });

    it("carries -0 (with its sign), NaN and infinities as float64 values, arguments and struct fields", () => {
      expect(Object.is(roundTrip(s, -0, t.float64), -0)).to.equal(true);
      expect(Object.is(roundTrip(s, 0, t.float64), 0)).to.equal(true);
      expect(roundTrip(s, -Infinity, t.float64)).to.equal(-Infinity);
      for (const x of [-0, NaN, Infinity, -Infinity]) {
        const back = roundTrip(s, { ...sampleOrder(), discount: x }, orderType) as Record<string, unknown>;
        expect(Object.is(back["discount"], x), String(x)).to.equal(true);
        const args = decodeArgs(s, methods.total, encodeArgs(s, methods.total, { from: new Date(1), big: 1n, ratio: x }));
        expect(Object.is(args["ratio"], x), `argument ${x}`).to.equal(true);
      }
    });

    it("refuses values of the wrong type with a clear error", () => {
      expect(() => s.encode({ id: 5 }, orderType)).to.throw(CodecError, /expected a string, got number 5/);
      expect(() => s.encode("x", t.int64)).to.throw(CodecError, /expected a bigint/);
    });

    it("limits nesting depth to 64 on encode and decode", () => {
      const chain = (n: number): Record<string, unknown> => {
        let v: Record<string, unknown> = { value: 0 };
        for (let i = 1; i < n; i++) v = { value: i, next: v };
        return v;
      };
      const type = structType(Node$schema);
      expect(roundTrip(s, chain(64), type)).to.deep.equal(chain(64));
      expectCodecError(() => s.encode(chain(65), type), "DEPTH");
      const cyclic: Record<string, unknown> = { value: 1 };
      cyclic["next"] = cyclic;
      expectCodecError(() => s.encode(cyclic, type), "DEPTH");
      const deep = s === msgpackSerializer ? nestedMsgpack(65) : Buffer.from('{"2":'.repeat(65) + "{}" + "}".repeat(65));
      expectCodecError(() => s.decode(deep, type), "DEPTH");
    });

    it("refuses deeply nested untyped values without crashing", () => {
      const body = s === msgpackSerializer ? Buffer.alloc(100_000, 0x91) : Buffer.from("[".repeat(100_000) + "]".repeat(100_000));
      expectCodecError(() => s.decodeAny(body), "DEPTH");
      // The serializer still works afterwards.
      expect(s.decodeAny(s.encodeAny({ a: [1, "x"] }))).to.deep.equal({ a: [1, "x"] });
    });

    it("reports malformed bodies as CodecError MALFORMED", () => {
      expectCodecError(() => s.decode(Buffer.from([0xc1, 0x7b]), orderType), "MALFORMED");
      if (s === msgpackSerializer) expectCodecError(() => s.decodeAny(Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff, 0x01])), "MALFORMED");
      expectCodecError(() => s.decodeAny(new Uint8Array(0)), "MALFORMED");
    });

    it("round-trips untyped values and keeps prototype keys out of decoded records", () => {
      expect(s.decodeAny(s.encodeAny({ reason: "x", retry: 3, list: ["a"] }))).to.deep.equal({ reason: "x", retry: 3, list: ["a"] });
      const hostile = s === msgpackSerializer ? raw.pack(new Map<unknown, unknown>([["__proto__", { polluted: 1 }], ["constructor", 2], ["ok", 1]])) : Buffer.from('{"__proto__":{"polluted":1},"constructor":2,"ok":1}');
      const back = s.decodeAny(hostile) as Record<string, unknown>;
      expect(Object.getPrototypeOf(back)).to.equal(Object.prototype);
      expect(Object.keys(back)).to.deep.equal(["ok"]);
      expect(({} as Record<string, unknown>)["polluted"]).to.equal(undefined);
    });

    it("never lets a hostile __proto__ key reach a decoded struct's prototype", () => {
      const hostile = s === msgpackSerializer
        ? raw.pack(new Map<unknown, unknown>([["__proto__", new Map([["polluted", 1]])], [1, "o-1"]]))
        : Buffer.from('{"__proto__":{"polluted":1},"1":"o-1"}');
      const back = s.decode(hostile, orderType) as Record<string, unknown>;
      expect(back["id"]).to.equal("o-1");
      expect(Object.getPrototypeOf(back)).to.equal(Object.prototype);
      expect(back["polluted"]).to.equal(undefined);
      expect(({} as Record<string, unknown>)["polluted"]).to.equal(undefined);
    });

    it("round-trips fields literally named __proto__ and constructor without touching prototypes", () => {
      const odd: StructSchema = {
        kind: "struct",
        name: "Odd",
        fullName: "test.Odd",
        annotations: {},
        fields: [
          field(1, "__proto__", { kind: "map", key: t.string, value: t.string }, { optional: true }),
          field(2, "constructor", t.string, { default: () => "dflt" }),
          field(3, "toString", t.int32, { optional: true }),
        ],
      };
      const type = structType(odd);
      const value = Object.create(null) as Record<string, unknown>;
      Object.defineProperty(value, "__proto__", { value: new Map([["polluted", "yes"]]), enumerable: true });
      value["constructor"] = "c";
      const back = s.decode(s.encode(value, type), type) as Record<string, unknown>;
      expect(Object.getPrototypeOf(back)).to.equal(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(back, "__proto__")!.value).to.deep.equal(new Map([["polluted", "yes"]]));
      expect(back["constructor"]).to.equal("c");
      expect(Object.hasOwn(back, "toString")).to.equal(false);
      expect(({} as Record<string, unknown>)["polluted"]).to.equal(undefined);
      // A plain {} has an inherited constructor: it must not be sent, and the default applies.
      const fromEmpty = s.decode(s.encode({}, type), type) as Record<string, unknown>;
      expect(Object.getOwnPropertyDescriptor(fromEmpty, "constructor")!.value).to.equal("dflt");
      expect(Object.hasOwn(fromEmpty, "__proto__")).to.equal(false);
    });

    it("throws only CodecError on random bytes", () => {
      fc.assert(
        fc.property(fc.oneof(fc.uint8Array({ maxLength: 48 }), fc.string({ maxLength: 48 }).map((x) => Buffer.from(x))), (bytes) => {
          for (const decode of [() => s.decode(bytes, orderType), () => s.decodeAny(bytes), () => decodeArgs(s, methods.place, bytes)]) {
            try {
              decode();
            } catch (err) {
              expect(err).to.be.instanceOf(CodecError);
            }
          }
        }),
        { numRuns: 1000 },
      );
    });

    describe("call bodies", () => {
      it("encodes args by parameter ID, omitting absent optional ones", () => {
        const body = encodeArgs(s, methods.search, { query: "shoes", limit: undefined, labels: undefined });
        const back = s.decodeAny(body) as Record<string, unknown>;
        expect(back).to.deep.equal({ "1": "shoes" });
        expect(decodeArgs(s, methods.search, body)).to.deep.equal({ query: "shoes", limit: 20 });
      });

      it("leaves missing required args undefined for validation to report", () => {
        expect(decodeArgs(s, methods.search, encodeArgs(s, methods.search, {}))).to.deep.equal({ limit: 20 });
        expect(decodeArgs(s, methods.search, encodeArgs(s, methods.search, undefined))).to.deep.equal({ limit: 20 });
        expect(decodeArgs(s, methods.search, new Uint8Array(0))).to.deep.equal({ limit: 20 });
      });

      it("round-trips args of every kind", () => {
        const args = { items: [{ sku: "a", quantity: 3, price: { currency: "EUR", units: 2n } }], payment: { kind: "cardToken", value: "t" } };
        expect(decodeArgs(s, methods.place, encodeArgs(s, methods.place, args))).to.deep.equal(args);
        expect(decodeArgs(s, methods.ping, encodeArgs(s, methods.ping, {}))).to.deep.equal({});
      });

      it("carries parameters named like Object.prototype members", () => {
        const odd = { ...methods.ping, name: "odd", params: [field(1, "__proto__", t.string), field(2, "constructor", t.string, { optional: true }), field(3, "toString", t.int32, { default: () => 7 })] };
        const own = (entries: [string, unknown][]): Record<string, unknown> => {
          const o: Record<string, unknown> = {};
          for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
          return o;
        };
        const onlyProto = decodeArgs(s, odd, encodeArgs(s, odd, own([["__proto__", "p"]])));
        expect(Object.getOwnPropertyDescriptor(onlyProto, "__proto__")!.value).to.equal("p");
        expect(Object.hasOwn(onlyProto, "constructor")).to.equal(false);
        expect(Object.getOwnPropertyDescriptor(onlyProto, "toString")!.value).to.equal(7);
        const all = decodeArgs(s, odd, encodeArgs(s, odd, own([["__proto__", "p"], ["constructor", "c"], ["toString", 1]])));
        expect([all["constructor"], all["toString"], Object.getOwnPropertyDescriptor(all, "__proto__")!.value]).to.deep.equal(["c", 1, "p"]);
        expect(({} as Record<string, unknown>)["p"]).to.equal(undefined);
      });

      it("encodes void results as an empty body", () => {
        expect(encodeResult(s, methods.ping, undefined).byteLength).to.equal(0);
        expect(decodeResult(s, methods.ping, new Uint8Array(0))).to.equal(undefined);
        expect(decodeResult(s, methods.total, encodeResult(s, methods.total, 2n ** 62n))).to.equal(2n ** 62n);
      });

      it("turns an IDL error into the generated class on the other side", () => {
        const body = encodeIdlError(s, NotFound$schema, new NotFound({ id: "42", attempts: 7 }));
        const err = decodeIdlError(s, NotFound$schema, body);
        expect(err).to.be.instanceOf(NotFound);
        expect((err as NotFound).id).to.equal("42");
        expect((err as NotFound).attempts).to.equal(7);
        const withDefault = decodeIdlError(s, NotFound$schema, new Uint8Array(0)) as NotFound;
        expect(withDefault.attempts).to.equal(3);
        const noCreate = decodeIdlError(s, { ...NotFound$schema, create: undefined } as StructSchema, body) as Error & { id?: string };
        expect(noCreate.name).to.equal("NotFound");
        expect(noCreate.id).to.equal("42");
      });
    });
  });
}

/** msgpack of Node nested n levels: {2: {2: ... {}}}. */
function nestedMsgpack(n: number): Buffer {
  const parts: number[] = [];
  for (let i = 0; i < n; i++) parts.push(0x81, 0x02);
  parts.push(0x80);
  return Buffer.from(parts);
}

describe("codec: wire form", () => {
  it("writes JSON float64 -0 and non-finite values as strings, and reads the number -0 with its sign", () => {
    const text = (x: number): string => Buffer.from(jsonSerializer.encode(x, t.float64)).toString();
    expect([-0, 0, NaN, Infinity, -Infinity, 1.5].map(text)).to.deep.equal(['"-0"', "0", '"NaN"', '"Infinity"', '"-Infinity"', "1.5"]);
    expect(Object.is(jsonSerializer.decode(Buffer.from("-0"), t.float64), -0)).to.equal(true);
    expect(Object.is(jsonSerializer.decode(Buffer.from('"-0"'), t.float64), -0)).to.equal(true);
    expectCodecError(() => jsonSerializer.decode(Buffer.from('"1.5"'), t.float64), "TYPE");
  });


  it("writes msgpack structs as maps with integer field IDs", () => {
    const bytes = msgpackSerializer.encode({ currency: "EUR", units: 5n }, structType({ ...Item$schema, fields: [field(1, "currency", t.string), field(2, "units", t.int64)] }));
    expect(Buffer.from(bytes).toString("hex")).to.equal("8201a345555202" + "05");
  });

  it("writes JSON structs as objects keyed by decimal IDs, int64 as text, bytes as base64, time as ms", () => {
    const type = structType({ ...Item$schema, fields: [field(1, "n", t.int64), field(2, "b", t.bytes), field(3, "at", t.timestamp), field(4, "m", { kind: "map", key: t.int32, value: t.bool })] });
    const text = Buffer.from(jsonSerializer.encode({ n: 2n ** 60n, b: new Uint8Array([1, 2, 3]), at: new Date(5), m: new Map([[3, true]]) }, type)).toString();
    expect(text).to.equal('{"1":"1152921504606846976","2":"AQID","3":5,"4":{"3":true}}');
  });
});
