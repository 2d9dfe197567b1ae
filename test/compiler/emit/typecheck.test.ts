/**
 * Generated code must compile with `tsc --strict --noUnusedLocals` (target
 * ES2022, module NodeNext), and with the strictest flags users turn on. The
 * output lives under <repo>/.out/ so that `rpcgen/runtime` resolves through
 * the package's self-reference to the built dist/.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { expect } from "chai";
import ts from "typescript";
import { compile } from "../../../compiler/index.js";
import { repoRoot } from "../../helpers/generate.js";
import { strictOptions, typeErrors } from "../../helpers/typecheck.js";

const base = strictOptions;

const strictest: ts.CompilerOptions = {
  ...base,
  noUnusedParameters: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noPropertyAccessFromIndexSignature: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  // The runtime's own declarations were checked with `base` already.
  skipLibCheck: true,
};

describe("generated code type-checks", function () {
  this.timeout(120_000);
  const outDir = path.join(repoRoot, ".out", `typecheck-${randomBytes(6).toString("hex")}`);
  let files: string[] = [];
  const usage = path.join(outDir, "shop", "usage.ts");
  const broken = path.join(outDir, "broken.ts");

  before(() => {
    const inputs = [path.join(repoRoot, "idl-examples/shop"), path.join(repoRoot, "test/fixtures/emit")];
    for (const input of inputs) {
      const r = compile([input], { outDir: path.join(outDir, path.basename(input)), knownAnnotations: ["auth", "owner"] });
      expect(r.diagnostics.filter((d) => d.category === "error")).to.deep.equal([]);
      for (const f of r.files) {
        fs.mkdirSync(path.dirname(f.path), { recursive: true });
        fs.writeFileSync(f.path, f.text);
        files.push(f.path);
      }
    }
    files = files.sort();
    fs.writeFileSync(usage, USAGE);
    fs.writeFileSync(broken, 'import type { Channel } from "rpcgen/runtime";\nconst unused = 1;\nexport const c: Channel = 1;\n');
  });

  /**
   * One program with the base flags checks the generated files, the user's
   * code and the broken file together (the lib and runtime declarations are
   * checked once); its errors are split by file.
   */
  let baseErrors: string[] | undefined;
  const errorsWithBase = (): string[] => (baseErrors ??= typeErrors([...files, usage, broken], base));
  const isIn = (file: string) => (error: string) => error.startsWith(`${path.relative(repoRoot, file)}:`);

  after(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it("emits the shop examples and the fixtures", () => {
    expect(files.map((f) => path.relative(outDir, f).split(path.sep).join("/"))).to.include.members([
      "shop/common.ts",
      "shop/gateway.ts",
      "shop/inventory.ts",
      "shop/orders.ts",
      "shop/payments.ts",
      "emit/basics.ts",
      "emit/multi/sub/deep.ts",
    ]);
  });

  it("with --strict --noUnusedLocals --target es2022 --module nodenext", () => {
    expect(errorsWithBase().filter((e) => !isIn(usage)(e) && !isIn(broken)(e))).to.deep.equal([]);
  });

  it("with the strictest flags (exactOptionalPropertyTypes, noUncheckedIndexedAccess, verbatimModuleSyntax, ...)", () => {
    // Its own program (other flags), sharing the parsed files of the first.
    expect(typeErrors(files, strictest)).to.deep.equal([]);
  });

  it("user code type-checks against it: request objects, read and write shapes, typed descriptors; wrong code rejected", () => {
    expect(errorsWithBase().filter(isIn(usage))).to.deep.equal([]);
  });

  it("fails when the generated code is broken (the check can fail)", () => {
    const errors = errorsWithBase().filter(isIn(broken));
    expect(errors.join("\n")).to.contain("'unused' is declared but its value is never read");
    expect(errors.join("\n")).to.contain("not assignable to type 'Channel'");
  });
});

/**
 * What a user writes against the generated shop (see docs/idl.md); `@ts-expect-error` lines must fail.
 * test/e2e/evolution.test.ts shows the same kind of code surviving an added optional parameter.
 */
const USAGE = `
import { createClient, createServer, labelsRouter, type CallContext, type InstanceResult } from "rpcgen/runtime";
import {
  OrderNotFound, OrderService, OrderServiceClient, OrderStatus,
  type Order, type OrderInit, type OrderServiceHandler, type OrderServicePlaceRequest,
} from "./orders.js";
import { PaymentDeclined } from "./payments.js";
import type { Money, MoneyInit } from "./common.js";

// Write shapes: defaulted fields (Money.currency, Order.status, Order.discount) may be left out.
const money: MoneyInit = { units: 1999n };
const order: OrderInit = { id: "o-1", items: [], labels: new Map(), createdAt: new Date(), version: 1n, total: money, history: new Map() };
// @ts-expect-error a read shape has its defaulted fields: currency is missing
export const readMoney: Money = { units: 1n };

const handler: OrderServiceHandler = {
  health: () => ({ serving: true, version: "1", startedAt: new Date() }),
  async get({ id }, ctx) {
    if (ctx.deadline < Date.now()) throw new OrderNotFound({ id });
    return order;
  },
  place: async ({ items, method, shipTo }, ctx: CallContext) => ({ ...order, items, note: method.kind + (shipTo?.city ?? "") + ctx.method.name }),
  // Read shape: the defaulted limit is a number, not number | undefined.
  search: ({ query, limit, status }) => [order].slice(0, limit).filter(() => query !== "" || status === OrderStatus.PAID),
  cancel: ({ id, reason }) => ({ ...order, id, note: reason ?? "" }),
  track: (_request, _ctx) => undefined,
  listAll: () => [],
};
createServer().add(OrderService, handler);

// A handler written as a class names its request type.
export class Orders {
  place(request: OrderServicePlaceRequest, ctx: CallContext): OrderInit {
    const quantity: number = request.items[0]?.quantity ?? 0; // Item.quantity is defaulted: a plain number
    return { ...order, note: String(quantity) + ctx.metadata["x-user"] };
  }
}

createServer().add(OrderService, {
  ...handler,
  // @ts-expect-error a handler must return an Order
  get: () => 42,
});

const client = new OrderServiceClient(createClient({ target: "static://127.0.0.1:1" }));
export async function use(): Promise<bigint> {
  const o: Order = await client.get({ id: "o-1" }, { timeout: 100 });
  // Read shapes: a defaulted field is T, assignable without \`??\`.
  const status: OrderStatus = o.status;
  const discount: number = o.discount;
  const currency: string = o.total.currency;
  await client.search({ query: "q" });
  await client.search({ query: "q", limit: 10, status: OrderStatus.SHIPPED }, { timeout: 50 });
  await client.place({ items: [{ sku: "A", unitPrice: { units: 1n } }], method: { kind: "cardToken", value: "t" } }, { timeout: 500, metadata: { "x-user": "u" } });
  await client.track({ event: "opened", props: new Map([["k", "v"]]) });
  await client.health();
  await client.health({}, { timeout: 10 });
  // Error classes apply their defaults: retryable is a boolean, false unless given.
  const retryable: boolean = new PaymentDeclined({ reason: "r", code: "c" }).retryable;
  // @ts-expect-error the id is a string
  await client.get({ id: 42 });
  // @ts-expect-error 7 is not an OrderStatus
  await client.search({ query: "q", status: 7 });
  // @ts-expect-error get needs its request
  await client.get();
  // The descriptor's methods are typed by name: no \`!\` needed, unknown names rejected.
  const timeout: number | undefined = OrderService.methods.place.timeoutMs;
  // @ts-expect-error no such method
  void OrderService.methods.nope;
  void [status, discount, currency, retryable, timeout];
  return o.version;
}

// Fallbacks take the request's write shape and the error, and return the result's write shape (defaults may be left out).
export const withFallbacks = new OrderServiceClient(createClient({ target: "static://127.0.0.1:1" }), {
  fallbacks: {
    get: ({ id }, error) => ({ ...order, id, note: error.code }),
    search: async () => [],
    health: () => ({ serving: false, version: "fallback", startedAt: new Date(0) }),
  },
});
new OrderServiceClient(createClient({ target: "static://127.0.0.1:1" }), {
  // @ts-expect-error a fallback must return the method's result type
  fallbacks: { get: () => 42 },
});
new OrderServiceClient(createClient({ target: "static://127.0.0.1:1" }), {
  // @ts-expect-error oneway methods have no fallback
  fallbacks: { track: () => undefined },
});

// Broadcast and multicast: one typed result per instance; oneway methods have none.
export async function fanOut(): Promise<string[]> {
  const all: InstanceResult<Order>[] = await client.broadcast.get({ id: "o-1" }, { routers: [labelsRouter({ zone: "a" })], timeout: 100 });
  const health = await client.broadcast.health();
  // @ts-expect-error each value is an Order, not a number
  const n: number | undefined = all[0]?.value;
  // @ts-expect-error a oneway method has no broadcast
  void client.broadcast.track;
  // @ts-expect-error get needs its request here too
  await client.broadcast.get();
  void [n, health.map((h) => h.value?.serving)];
  return all.map((r) => (r.value === undefined ? \`\${r.instance.host}: \${String(r.error)}\` : r.value.id));
}
`;
