import { expect } from "chai";
import fc from "fast-check";
import { validateArgs, validateValue } from "../../../runtime/schema/index.js";
import type { StructSchema, TypeSchema } from "../../../runtime/schema/types.js";
import { structType } from "../../../runtime/codec/index.js";
import { field, Item$schema, methods, Node$schema, Order$schema, Payment$schema, sampleOrder, Status$schema, t } from "../codec/fixtures.js";

const orderType = structType(Order$schema);
const item = (quantity: number, sku = "A") => ({ sku, quantity, price: { currency: "EUR", units: 1n } });

describe("schema: validateValue", () => {
  it("accepts a valid, fully populated value", () => {
    expect(validateValue(orderType, sampleOrder(), "order")).to.equal(undefined);
  });

  it("reports a missing required field by path, and accepts absent optional and defaulted fields", () => {
    const o = sampleOrder();
    delete o["id"];
    expect(validateValue(orderType, o, "order")).to.deep.equal({ path: "order.id", message: "is required" });
    const minimal = { id: "x", items: [], labels: new Map(), createdAt: new Date(), signature: new Uint8Array(), version: 1n };
    expect(validateValue(orderType, minimal, "order")).to.equal(undefined);
  });

  it("checks scalar types", () => {
    const cases: [TypeSchema, unknown, RegExp][] = [
      [t.bool, 1, /must be a boolean, got 1/],
      [t.int32, 1.5, /must be an int32/],
      [t.int32, 2 ** 31, /must be an int32/],
      [t.int32, "3", /must be an int32.*got "3"/],
      [t.int64, 3, /must be a bigint \(int64\), got 3/],
      [t.int64, 2n ** 63n, /must be an int64 \(from/],
      [t.float64, "1", /must be a number \(float64\), got "1"/],
      [t.float64, 1n, /must be a number \(float64\)/],
      [t.string, 1, /must be a string/],
      [t.bytes, [1], /must be a Uint8Array, got an array/],
      [t.timestamp, new Date(NaN), /must be a valid Date, got an invalid Date/],
      [t.timestamp, 5, /must be a valid Date/],
    ];
    for (const [type, value, message] of cases) {
      const r = validateValue(type, value, "v");
      expect(r, `${type.kind} ${String(value)}`).to.not.equal(undefined);
      expect(r!.path).to.equal("v");
      expect(r!.message).to.match(message);
    }
    expect(validateValue(t.int32, -(2 ** 31), "v")).to.equal(undefined);
    expect(validateValue(t.int32, 2 ** 31 - 1, "v")).to.equal(undefined);
    expect(validateValue(t.int64, -(2n ** 63n), "v")).to.equal(undefined);
  });

  it("accepts NaN, infinities and -0 as float64 values", () => {
    for (const x of [NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, Number.MIN_VALUE]) {
      expect(validateValue(t.float64, x, "v"), String(x)).to.equal(undefined);
    }
  });

  it("checks enum membership", () => {
    const type: TypeSchema = { kind: "ref", target: () => Status$schema };
    expect(validateValue(type, 2, "status")).to.equal(undefined);
    expect(validateValue(type, 3, "status")).to.deep.equal({ path: "status", message: "must be a Status value: PENDING(1), PAID(2), CANCELLED(4); got 3" });
  });

  it("names paths through lists, maps and nested structs", () => {
    const o = sampleOrder();
    o["items"] = [item(1), item(2), item(5000)];
    expect(validateValue(orderType, o, "order")).to.deep.equal({ path: "order.items[2].quantity", message: "must be at most 1000, got 5000" });
    o["items"] = [item(1, "")];
    expect(validateValue(orderType, o, "order")).to.deep.equal({ path: "order.items[0].sku", message: "must have at least 1 character, got 0" });
    o["items"] = [{ sku: "a", quantity: 1, price: { currency: "eur", units: 1n } }];
    expect(validateValue(orderType, o, "order")).to.deep.equal({ path: "order.items[0].price.currency", message: 'must match /^[A-Z]{3}$/, got "eur"' });
    o["items"] = [];
    o["labels"] = new Map<string, unknown>([["ok", "v"], ["bad", 7]]);
    expect(validateValue(orderType, o, "order")).to.deep.equal({ path: 'order.labels{"bad"}', message: "must be a string, got 7" });
    o["labels"] = new Map([[1, "v"]]);
    expect(validateValue(orderType, o, "order")).to.deep.equal({ path: "order.labels{1}", message: "key must be a string, got 1" });
    o["labels"] = new Map();
    o["byStatus"] = new Map([[1, [1, 2.5]]]);
    expect(validateValue(orderType, o, "order")).to.deep.equal({ path: "order.byStatus{1}[1]", message: "must be an int32 (an integer from -2147483648 to 2147483647), got 2.5" });
    o["byStatus"] = new Map([[9, []]]);
    expect(validateValue(orderType, o, "order")!.path).to.equal("order.byStatus{9}");
  });

  it("requires a Map for maps and an array for lists", () => {
    const o = sampleOrder();
    o["labels"] = { a: "b" };
    expect(validateValue(orderType, o, "o")).to.deep.equal({ path: "o.labels", message: "must be a Map, got an object" });
    o["labels"] = new Map();
    o["items"] = new Set();
    expect(validateValue(orderType, o, "o")!.message).to.equal("must be an array, got an object");
  });

  it("checks unions: exactly one known member, and the member's value", () => {
    const u: TypeSchema = { kind: "ref", target: () => Payment$schema };
    expect(validateValue(u, { kind: "cardToken", value: "t" }, "p")).to.equal(undefined);
    expect(validateValue(u, { kind: "cash", value: 1 }, "p")).to.deep.equal({ path: "p", message: 'must set exactly one Payment member (cardToken, credit), got kind "cash"' });
    expect(validateValue(u, { kind: "cardToken" }, "p")).to.deep.equal({ path: "p.cardToken", message: "is required" });
    expect(validateValue(u, { kind: "credit", value: { currency: "EURO", units: 1n } }, "p")!.path).to.equal("p.credit.currency");
  });

  it("counts string length in characters, bytes and map sizes for @len", () => {
    const s: StructSchema = {
      ...Item$schema,
      fields: [
        field(1, "name", t.string, { rules: { len: { min: 2, max: 3 } } }),
        field(2, "blob", t.bytes, { optional: true, rules: { len: { max: 2 } } }),
        field(3, "m", { kind: "map", key: t.string, value: t.int32 }, { optional: true, rules: { len: { max: 1 } } }),
      ],
    };
    const type = structType(s);
    expect(validateValue(type, { name: "😀😀😀" }, "x")).to.equal(undefined);
    expect(validateValue(type, { name: "😀" }, "x")!.message).to.equal("must have at least 2 characters, got 1");
    expect(validateValue(type, { name: "abcd" }, "x")!.message).to.equal("must have at most 3 characters, got 4");
    expect(validateValue(type, { name: "ab", blob: new Uint8Array(3) }, "x")).to.deep.equal({ path: "x.blob", message: "must have at most 2 bytes, got 3" });
    expect(validateValue(type, { name: "ab", m: new Map([["a", 1], ["b", 2]]) }, "x")).to.deep.equal({ path: "x.m", message: "must have at most 1 entry, got 2" });
  });

  it("stops at 64 levels instead of recursing forever on a cyclic value", () => {
    const cyclic: Record<string, unknown> = { value: 1 };
    cyclic["next"] = cyclic;
    const r = validateValue(structType(Node$schema), cyclic, "n");
    expect(r!.message).to.equal("is nested deeper than 64 levels");
    expect(r!.path.startsWith("n.next.next")).to.equal(true);
  });

  it("does not read fields from Object.prototype", () => {
    const s: StructSchema = { ...Item$schema, fields: [field(1, "constructor", t.string)] };
    expect(validateValue(structType(s), {}, "x")).to.deep.equal({ path: "x.constructor", message: "is required" });
  });

  it("accepts every int32 in range and refuses every integer out of it", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (n) => validateValue(t.int32, n, "v") === undefined),
    );
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -(2 ** 31) - 1 })), (n) => validateValue(t.int32, n, "v") !== undefined),
    );
  });
});

describe("schema: validateArgs", () => {
  it("names the parameter in the path", () => {
    expect(validateArgs(methods.place, { items: [item(1), item(0)] })).to.deep.equal({ path: "items[1].quantity", message: "must be at least 1, got 0" });
    expect(validateArgs(methods.place, { items: [] })).to.deep.equal({ path: "items", message: "must have at least 1 element, got 0" });
    expect(validateArgs(methods.place, { items: [item(1), item(1), item(1), item(1)] })!.message).to.equal("must have at most 3 elements, got 4");
    expect(validateArgs(methods.place, { items: [item(1)], payment: { kind: "nope", value: 1 } })!.path).to.equal("payment");
  });

  it("reports a request that is not an object", () => {
    expect(validateArgs(methods.search, ["shoes"] as unknown as Record<string, unknown>)!.path).to.equal("request");
    expect(validateArgs(methods.search, "shoes" as unknown as Record<string, unknown>)).to.deep.equal({ path: "request", message: 'must be an object keyed by parameter name, got "shoes"' });
  });

  it("accepts absent optional and defaulted params and reports missing required ones", () => {
    expect(validateArgs(methods.search, { query: "shoes" })).to.equal(undefined);
    expect(validateArgs(methods.search, { query: "shoes", limit: undefined, labels: undefined })).to.equal(undefined);
    expect(validateArgs(methods.search, {})).to.deep.equal({ path: "query", message: "is required" });
    expect(validateArgs(methods.ping, {})).to.equal(undefined);
    expect(validateArgs(methods.ping, undefined)).to.equal(undefined);
    expect(validateArgs(methods.search, undefined)).to.deep.equal({ path: "query", message: "is required" });
  });

  it("applies @range, @pattern and @len to parameters", () => {
    expect(validateArgs(methods.search, { query: "shoes", limit: 0 })).to.deep.equal({ path: "limit", message: "must be at least 1, got 0" });
    expect(validateArgs(methods.search, { query: "shoes", limit: 101 })).to.deep.equal({ path: "limit", message: "must be at most 100, got 101" });
    expect(validateArgs(methods.search, { query: "Shoes" })).to.deep.equal({ path: "query", message: 'must match /^[a-z ]*$/, got "Shoes"' });
    expect(validateArgs(methods.search, { query: "s", limit: 1, labels: new Map([["a", 1n], ["b", 2n], ["c", 3n]]) })).to.deep.equal({ path: "labels", message: "must have at most 2 entries, got 3" });
    expect(validateArgs(methods.search, { query: "s", limit: 1, labels: new Map([["a", 1]]) })).to.deep.equal({ path: 'labels{"a"}', message: "must be a bigint (int64), got 1" });
  });

  it("compares int64 ranges as bigints and float ranges as numbers", () => {
    const d = new Date();
    expect(validateArgs(methods.total, { from: d, big: -5n })).to.equal(undefined);
    expect(validateArgs(methods.total, { from: d, big: -6n })).to.deep.equal({ path: "big", message: "must be at least -5, got -6" });
    expect(validateArgs(methods.total, { from: d, big: 2n ** 62n + 1n })!.message).to.equal(`must be at most ${2n ** 62n}, got ${2n ** 62n + 1n}`);
    expect(validateArgs(methods.total, { from: d, big: 0n, ratio: 0.5 })).to.equal(undefined);
    expect(validateArgs(methods.total, { from: d, big: 0n, ratio: 1.01 })).to.deep.equal({ path: "ratio", message: "must be at most 1, got 1.01" });
  });

  it("lets a float @range exclude NaN and the infinities beyond its bounds", () => {
    const d = new Date();
    expect(validateArgs(methods.total, { from: d, big: 0n, ratio: NaN })).to.deep.equal({ path: "ratio", message: "must be at least 0, got NaN" });
    expect(validateArgs(methods.total, { from: d, big: 0n, ratio: Infinity })).to.deep.equal({ path: "ratio", message: "must be at most 1, got Infinity" });
    expect(validateArgs(methods.total, { from: d, big: 0n, ratio: -Infinity })).to.deep.equal({ path: "ratio", message: "must be at least 0, got -Infinity" });
    expect(validateArgs(methods.total, { from: d, big: 0n, ratio: -0 })).to.equal(undefined);
  });
});
