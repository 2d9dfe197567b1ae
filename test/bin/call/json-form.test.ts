/**
 * The JSON form of `rpcgen call` (bin/call/json-form.ts), both ways, on the
 * shop's types: the documented alternatives are read, values that fit no form
 * are left for the validator, and output round-trips.
 */
import { expect } from "chai";
import { fieldsFromJson, fromJson, JsonFormError, toJson } from "../../../bin/call/json-form.js";
import { parsePairs, parseTimeout } from "../../../bin/call/cli.js";
import { loadDescriptors } from "../../../bin/call/load-idl.js";
import type { EnumSchema, StructSchema, TypeSchema } from "../../../runtime/schema/types.js";
import { shopDir } from "./call-fixture.js";

const set = loadDescriptors([shopDir], []);
const ref = (name: string): TypeSchema => {
  const target = set.types.get(name) as StructSchema | EnumSchema;
  return { kind: "ref", target: () => target };
};

describe("rpcgen call: JSON form", () => {
  it("timestamps: RFC 3339 with any offset, or epoch ms, in; UTC RFC 3339 out", () => {
    const ts: TypeSchema = { kind: "timestamp" };
    expect((fromJson(ts, "2026-01-02T05:04:05+02:00", "t") as Date).toISOString()).to.equal("2026-01-02T03:04:05.000Z");
    expect((fromJson(ts, 0, "t") as Date).getTime()).to.equal(0);
    expect(fromJson(ts, "yesterday", "t")).to.equal("yesterday");
    expect(toJson(ts, new Date(1))).to.equal("1970-01-01T00:00:00.001Z");
  });

  it("int64, float64 specials and bytes as the runtime's JSON serializer writes them", () => {
    expect(fromJson({ kind: "int64" }, "-12", "x")).to.equal(-12n);
    expect(fromJson({ kind: "int64" }, 12, "x")).to.equal(12n);
    expect(fromJson({ kind: "int64" }, 2 ** 60, "x")).to.equal(2 ** 60);
    expect(toJson({ kind: "int64" }, 2n ** 62n)).to.equal("4611686018427387904");
    expect(Number.isNaN(fromJson({ kind: "float64" }, "NaN", "x"))).to.equal(true);
    expect(toJson({ kind: "float64" }, -Infinity)).to.equal("-Infinity");
    expect(fromJson({ kind: "bytes" }, "AQL6", "x")).to.deep.equal(new Uint8Array([1, 2, 250]));
  });

  it("enums by name or number; maps as objects or pairs, enum keys by name", () => {
    const status = ref("shop.orders.OrderStatus");
    expect(fromJson(status, "SHIPPED", "s")).to.equal(3);
    expect(fromJson(status, 3, "s")).to.equal(3);
    expect(toJson(status, 3)).to.equal("SHIPPED");
    const history: TypeSchema = { kind: "map", key: ref("shop.orders.Channel"), value: { kind: "int32" } };
    expect(fromJson(history, { APP: 2, "2": 5 }, "h")).to.deep.equal(new Map([[1, 2], [2, 5]]));
    expect(fromJson(history, [["WEB", 1]], "h")).to.deep.equal(new Map([[0, 1]]));
    expect(toJson(history, new Map([[1, 2]]))).to.deep.equal({ APP: 2 });
  });

  it("unions as { kind, value } or { member: value }; out as { kind, value }", () => {
    const pm = ref("shop.payments.PaymentMethod");
    expect(fromJson(pm, { walletId: "w" }, "m")).to.deep.equal({ kind: "walletId", value: "w" });
    expect(fromJson(pm, { kind: "cardToken", value: "t" }, "m")).to.deep.equal({ kind: "cardToken", value: "t" });
    expect(toJson(pm, { kind: "giftCard", value: { number: "1", pin: "2" } })).to.deep.equal({ kind: "giftCard", value: { number: "1", pin: "2" } });
  });

  it("refuses a field name the struct does not have, with its path", () => {
    const order = set.services.get("shop.orders.OrderService")!.methods["place"]!;
    expect(() => fieldsFromJson(order.params, { items: [{ sku: "a", qty: 1 }] }, "", "place's parameters")).to.throw(JsonFormError, 'items[0]: unknown field "qty" of shop.orders.Item (fields: sku, quantity, unitPrice)');
  });

  it("--timeout durations and key=value pairs", () => {
    expect([parseTimeout("500"), parseTimeout("500ms"), parseTimeout("1.5s"), parseTimeout("1m")]).to.deep.equal([500, 500, 1500, 60_000]);
    expect(() => parseTimeout("soon")).to.throw(/--timeout takes a positive duration/);
    expect(() => parseTimeout("0")).to.throw(/positive/);
    expect({ ...parsePairs(["a=1", "b=x=y"], "--metadata") }).to.deep.equal({ a: "1", b: "x=y" });
    expect(() => parsePairs(["novalue"], "--metadata")).to.throw(/--metadata takes key=value/);
  });
});
