/**
 * The code the compiler (as the CLI runs it) generates from idl-examples/shop, loaded and used:
 * enums, schemas (cross-module refs, defaults, rules), error classes,
 * service descriptors (inheritance, timeouts, retry, annotations), clients
 * over a recording channel, and a round trip through the runtime codec.
 */
import { expect } from "chai";
import { IdlError } from "../../runtime/index.js";
import type { CallOptions, Channel, EnumSchema, MethodDescriptor, ServiceDescriptor, StructSchema, TypeSchema } from "../../runtime/index.js";
import { decodeArgs, decodeIdlError, encodeArgs, encodeIdlError, msgpackSerializer } from "../../runtime/codec/index.js";
import { generateFromIdl, type Generated } from "../helpers/generate.js";

type Module = Record<string, unknown>;
type ErrorClass = new (fields: Record<string, unknown>) => IdlError & Record<string, unknown>;
type ClientClass = new (channel: Channel) => Record<string, (request?: object, options?: CallOptions) => Promise<unknown>>;

interface Recorded {
  kind: "unary" | "oneway";
  method: MethodDescriptor;
  request: object | undefined;
  options: CallOptions | undefined;
}

/** A channel that records calls and answers with a fixed value. */
function recordingChannel(answer: unknown): { channel: Channel; calls: Recorded[] } {
  const calls: Recorded[] = [];
  const channel: Channel = {
    unary: (method, request, options) => {
      calls.push({ kind: "unary", method, request, options });
      return Promise.resolve(answer);
    },
    oneway: (method, request, options) => {
      calls.push({ kind: "oneway", method, request, options });
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return { channel, calls };
}

function target(type: TypeSchema | undefined): StructSchema | EnumSchema {
  if (type?.kind !== "ref") throw new Error(`expected a ref, got ${JSON.stringify(type)}`);
  return type.target();
}

describe("e2e: generated code of idl-examples/shop", function () {
  this.timeout(60_000);
  let gen: Generated;
  let common: Module;
  let inventory: Module;
  let payments: Module;
  let orders: Module;
  let gateway: Module;

  before(async () => {
    gen = await generateFromIdl(["idl-examples/shop"]);
    [common, inventory, payments, orders, gateway] = await Promise.all(
      ["common", "inventory", "payments", "orders", "gateway"].map((n) => gen.load(`${n}.ts`)),
    );
  });

  after(async () => {
    await gen?.remove();
  });

  it("enums are const objects with implicit values, and their schemas agree", () => {
    expect(orders["OrderStatus"]).to.deep.equal({ PENDING: 1, PAID: 2, SHIPPED: 3, VOID: 4, CANCELLED: 5 });
    expect(inventory["StockState"]).to.deep.equal({ IN_STOCK: 0, LOW: 1, OUT: 2, DISCONTINUED: 10 });
    const schema = orders["OrderStatus$schema"] as EnumSchema;
    expect(schema.fullName).to.equal("shop.orders.OrderStatus");
    expect(schema.values.map((v) => v.value)).to.deep.equal([1, 2, 3, 4, 5]);
  });

  it("constants keep their types (int64 as bigint, durations in ms)", () => {
    expect(common["MAX_PAGE_SIZE"]).to.equal(100);
    expect(common["MAX_AMOUNT_UNITS"]).to.equal(99999999999n);
    expect(common["CURRENCIES"]).to.deep.equal(["EUR", "USD", "GBP"]);
    expect(orders["UNPAID_TTL_MS"]).to.equal(1_800_000n);
    expect(orders["VAT_RATE"]).to.equal(0.2);
  });

  it("struct schemas: ids, defaults (fresh values), rules and refs across modules", () => {
    const order = orders["Order$schema"] as StructSchema;
    expect(order.kind).to.equal("struct");
    expect(order.fields.map((f) => f.id)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const status = order.fields.find((f) => f.name === "status")!;
    expect(status.default?.()).to.equal(1);
    expect(target(status.type)).to.equal(orders["OrderStatus$schema"]);
    const total = order.fields.find((f) => f.name === "total")!;
    expect(target(total.type)).to.equal(common["Money$schema"]);
    const receipt = order.fields.find((f) => f.name === "receipt")!;
    expect(receipt.optional).to.equal(true);
    expect(target(receipt.type)).to.equal(payments["Receipt$schema"]);
    expect(order.fields.find((f) => f.name === "discount")!.rules).to.deep.equal({ range: { min: 0, max: 1 } });

    const money = common["Money$schema"] as StructSchema;
    const currency = money.fields[1]!;
    expect(currency.default?.()).to.equal("EUR");
    expect(currency.rules).to.deep.equal({ len: { min: 3, max: 3 }, pattern: "^[A-Z]{3}$" });
  });

  it("unions are schemas of kind union", () => {
    const method = payments["PaymentMethod$schema"] as StructSchema;
    expect(method.kind).to.equal("union");
    expect(method.fields.map((f) => f.name)).to.deep.equal(["cardToken", "walletId", "giftCard"]);
  });

  it("errors are IdlError classes; create() rebuilds them; X$schema is X.schema", () => {
    const OutOfStock = inventory["OutOfStock"] as ErrorClass & { schema: StructSchema };
    const e = new OutOfStock({ sku: "A1", requested: 3, available: 1 });
    expect(e).to.be.instanceOf(IdlError);
    expect(e).to.be.instanceOf(Error);
    expect(e.name).to.equal("OutOfStock");
    expect(e.message).to.equal('sku="A1", requested=3, available=1');
    expect(String(e), "the name is printed once").to.equal('OutOfStock: sku="A1", requested=3, available=1');
    expect(e["available"]).to.equal(1);
    expect(OutOfStock.schema).to.equal(inventory["OutOfStock$schema"]);
    expect(OutOfStock.schema.kind).to.equal("error");
    const rebuilt = OutOfStock.schema.create!({ sku: "B2", requested: 1, available: 0 });
    expect(rebuilt).to.be.instanceOf(OutOfStock);
    // `code` is an ordinary field of an IDL error.
    const Declined = payments["PaymentDeclined"] as ErrorClass;
    expect(new Declined({ reason: "no funds", code: "51" })["code"]).to.equal("51");
    // The constructor applies the IDL defaults, as decoding does on the caller's side.
    expect(new Declined({ reason: "no funds", code: "51" })["retryable"]).to.equal(false);
    expect(new Declined({ reason: "no funds", code: "51", retryable: true })["retryable"]).to.equal(true);
  });

  it("an IDL error survives the runtime codec as the same class with its fields", () => {
    const OrderNotFound = orders["OrderNotFound"] as ErrorClass & { schema: StructSchema };
    const body = encodeIdlError(msgpackSerializer, OrderNotFound.schema, new OrderNotFound({ id: "42" }));
    const back = decodeIdlError(msgpackSerializer, OrderNotFound.schema, body);
    expect(back).to.be.instanceOf(OrderNotFound);
    expect((back as unknown as Record<string, unknown>)["id"]).to.equal("42");
  });

  it("descriptors: wire names, inherited methods, timeouts, retry, throws and annotations", () => {
    const svc = orders["OrderService"] as ServiceDescriptor;
    expect(svc.name).to.equal("shop.orders.OrderService");
    expect(svc.package).to.equal("shop.orders");
    expect(Object.keys(svc.methods)).to.deep.equal(["health", "get", "place", "search", "cancel", "track", "listAll"]);
    const health = svc.methods["health"]!;
    expect(health.service, "inherited methods are called on the inheriting service").to.equal("shop.orders.OrderService");
    expect(health.timeoutMs).to.equal(200);
    expect(health.idempotent).to.equal(true);
    expect(svc.methods["place"]!.timeoutMs, "service @timeout").to.equal(2000);
    expect(svc.methods["search"]!.timeoutMs, "method @timeout wins").to.equal(1000);
    expect(svc.methods["place"]!.throws).to.deep.equal([
      (inventory["OutOfStock"] as { schema: StructSchema }).schema,
      (inventory["UnknownSku"] as { schema: StructSchema }).schema,
      (payments["PaymentDeclined"] as { schema: StructSchema }).schema,
    ]);
    expect(svc.methods["place"]!.annotations).to.deep.equal({ auth: { positional: [], named: { role: "customer" } } });
    expect(svc.methods["track"]!.kind).to.equal("oneway");
    expect(svc.methods["track"]!.returns).to.equal(undefined);
    const limit = svc.methods["search"]!.params[1]!;
    expect(limit.default?.()).to.equal(20);
    expect(limit.rules).to.deep.equal({ range: { min: 1, max: 100 } });

    const pay = payments["PaymentService"] as ServiceDescriptor;
    expect(pay.version).to.equal("2.1.0");
    expect(pay.methods["receipt"]!.retry).to.deep.equal({ max: 3, backoffMs: 100 });
    const gw = gateway["GatewayService"] as ServiceDescriptor;
    expect(gw.methods["health"]!.timeoutMs).to.equal(200);
    expect(gw.methods["checkout"]!.timeoutMs).to.equal(3000);
  });

  it("clients forward to the channel: unary with the descriptor and the request object, oneway as oneway", async () => {
    const { channel, calls } = recordingChannel({ id: "42" });
    const OrderServiceClient = orders["OrderServiceClient"] as ClientClass;
    const client = new OrderServiceClient(channel);
    const svc = orders["OrderService"] as ServiceDescriptor;
    const search = { query: "shoes" };
    expect(await client["get"]!({ id: "42" }, { timeout: 100 })).to.deep.equal({ id: "42" });
    await client["search"]!(search);
    await client["track"]!({ event: "opened", props: new Map([["k", "v"]]) });
    await client["health"]!();
    expect(calls.map((c) => [c.kind, c.method])).to.deep.equal([
      ["unary", svc.methods["get"]],
      ["unary", svc.methods["search"]],
      ["oneway", svc.methods["track"]],
      ["unary", svc.methods["health"]],
    ]);
    expect(calls[0]!.options).to.deep.equal({ timeout: 100 });
    expect(calls[0]!.request).to.deep.equal({ id: "42" });
    expect(calls[1]!.request, "the caller's object is passed on, not copied").to.equal(search);
    expect(calls[3]!.request).to.equal(undefined);
    // A client is never mistaken for a promise.
    expect("then" in client).to.equal(false);
  });

  it("arguments round-trip through the codec with the generated method schema", () => {
    const place = (orders["OrderService"] as ServiceDescriptor).methods["place"]!;
    const items = [{ sku: "A1", quantity: 2, unitPrice: { units: 1999n, currency: "EUR" } }];
    const method = { kind: "cardToken", value: "tok_1" };
    const body = encodeArgs(msgpackSerializer, place, { items, method });
    expect(decodeArgs(msgpackSerializer, place, body)).to.deep.equal({ items, method });
  });
});

describe("e2e: generated code of the emitter fixtures (test/fixtures/emit)", function () {
  this.timeout(60_000);
  let gen: Generated;
  let basics: Module;
  let api: Module;
  let shared: Module;

  before(async () => {
    gen = await generateFromIdl(["test/fixtures/emit"]);
    [basics, api, shared] = await Promise.all(["basics.ts", "multi/api.ts", "multi/shared.ts"].map((p) => gen.load(p)));
  });

  after(async () => {
    await gen?.remove();
  });

  it("loads without reading a constant before it is defined", () => {
    expect(basics["FIRST"]).to.equal(7);
    expect(basics["AGAIN"]).to.equal(7);
    expect(basics["BIG"]).to.equal(9007199254740993n);
    expect(basics["TICK"]).to.equal(250);
    expect(basics["FAVOURITE"]).to.equal(10);
    expect(basics["GREETING"]).to.equal('say "hi"\n');
  });

  it("default thunks give fresh values of the slot's type", () => {
    const fields = (basics["Everything$schema"] as StructSchema).fields;
    const byName = (n: string) => fields.find((f) => f.name === n)!;
    const numbers = byName("numbers").default!() as bigint[];
    expect(numbers).to.deep.equal([2n, 3n, 5n]);
    expect(numbers).to.not.equal(basics["PRIMES"]);
    expect(byName("numbers").default!()).to.not.equal(numbers);
    expect(byName("fromInt32").default!()).to.equal(7n);
    expect(byName("colors").default!()).to.deep.equal([0, 1]);
    expect(byName("large").rules).to.deep.equal({ range: { min: 0n, max: 9223372036854775807n } });
  });

  it("errors without fields, and with only optional fields, construct without arguments", () => {
    const Nothing = basics["Nothing"] as new () => Error;
    const AllOptional = basics["AllOptional"] as new () => Error & { why: unknown };
    expect(new Nothing().message).to.equal("");
    expect(String(new Nothing())).to.equal("Nothing");
    expect(new AllOptional().why).to.equal(undefined);
    expect((basics["Nothing$schema"] as StructSchema).create!({})).to.be.instanceOf(Nothing);
  });

  it("inherited methods across files point at the right schemas", () => {
    const svc = api["Api"] as ServiceDescriptor;
    expect(Object.keys(svc.methods)).to.deep.equal(["balance", "note"]);
    const balance = svc.methods["balance"]!;
    expect(balance.service).to.equal("fixtures.api.Api");
    expect(balance.timeoutMs).to.equal(1000);
    expect(balance.throws).to.deep.equal([(shared["Denied"] as { schema: StructSchema }).schema]);
    expect(target(balance.params[0]!.type)).to.equal(shared["Channel$schema"]);
    expect(target(balance.returns)).to.equal(shared["Money$schema"]);
  });
});
