/**
 * A shop OrderService served from descriptors built from the IDL (no
 * generated code), recording what each handler received, for `rpcgen call` tests.
 */
import * as path from "node:path";
import { loadDescriptors } from "../../../bin/call/load-idl.js";
import type { CallContext } from "../../../runtime/call.js";
import { createServer, type Server } from "../../../runtime/server/server.js";
import type { ServiceDescriptor, StructSchema } from "../../../runtime/schema/types.js";
import type { DescriptorSet } from "../../../compiler/index.js";
import { repoRoot } from "../../helpers/generate.js";

export const shopDir = path.join(repoRoot, "idl-examples/shop");

/** An order holding a value of every IDL type the shop uses. */
export function sampleOrder(id: string): Record<string, unknown> {
  return {
    id,
    status: 2,
    items: [{ sku: "A1", quantity: 2, unitPrice: { units: 1999n, currency: "EUR" } }],
    labels: new Map([["gift", "yes"]]),
    createdAt: new Date("2026-01-02T03:04:05.678Z"),
    version: 9007199254740993n,
    discount: 0.25,
    total: { units: 3998n, currency: "EUR" },
    receipt: {
      id: "r1",
      orderId: id,
      amount: { units: 3998n, currency: "EUR" },
      chargedAt: new Date("2026-01-02T03:04:06.000Z"),
      signature: new Uint8Array([1, 2, 250]),
    },
    history: new Map([[1, 3]]),
  };
}

export interface Seen {
  request: Record<string, unknown>;
  ctx: CallContext;
}

export interface ShopFixture {
  set: DescriptorSet;
  server: Server;
  target: string;
  /** Calls in arrival order, per method name. */
  seen: Map<string, Seen[]>;
  /** Resolves when `track` (oneway) has been handled. */
  tracked: Promise<Seen>;
  close(): Promise<void>;
}

/** Serve on a free loopback port; with `registry` (e.g. `redis://...`), also register there. */
export async function startShop(registry?: string): Promise<ShopFixture> {
  const set = loadDescriptors([shopDir], []);
  const orders = set.services.get("shop.orders.OrderService") as ServiceDescriptor;
  const notFound = set.types.get("shop.orders.OrderNotFound") as StructSchema;
  const seen = new Map<string, Seen[]>();
  const record = (name: string, request: Record<string, unknown>, ctx: CallContext): void => {
    seen.set(name, [...(seen.get(name) ?? []), { request, ctx }]);
  };
  let onTrack: (s: Seen) => void = () => undefined;
  const tracked = new Promise<Seen>((resolve) => (onTrack = resolve));
  const impl = {
    health: () => ({ serving: true, version: "1", startedAt: new Date(0) }),
    get: (request: Record<string, unknown>, ctx: CallContext) => {
      record("get", request, ctx);
      if (request["id"] === "missing") throw notFound.create!({ id: "missing" });
      return sampleOrder(request["id"] as string);
    },
    place: (request: Record<string, unknown>, ctx: CallContext) => {
      record("place", request, ctx);
      return sampleOrder("placed");
    },
    search: (request: Record<string, unknown>, ctx: CallContext) => {
      record("search", request, ctx);
      return [];
    },
    cancel: (request: Record<string, unknown>, ctx: CallContext) => {
      record("cancel", request, ctx);
      return sampleOrder(request["id"] as string);
    },
    track: (request: Record<string, unknown>, ctx: CallContext) => {
      record("track", request, ctx);
      onTrack({ request, ctx });
    },
    listAll: () => [],
  };
  const server = createServer(registry === undefined ? {} : { registry }).add(orders, impl);
  const { port } = await server.listen({ host: "127.0.0.1", port: 0, register: registry !== undefined });
  return { set, server, target: `static://127.0.0.1:${port}`, seen, tracked, close: () => server.close() };
}
