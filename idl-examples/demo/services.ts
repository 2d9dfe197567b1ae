/**
 * The four shop services of the demo, as a user would write them: plain
 * handler objects typed by the generated `...Handler` interfaces. Each hop
 * records how much of the deadline it still had, to show propagation.
 */
import { RpcError, Code, createClient, memoryRegistry, type CallContext } from "rpcgen/runtime";
import { prometheusMetrics } from "rpcgen/runtime/prometheus";
import * as common from "../generated/common.js";
import * as inventory from "../generated/inventory.js";
import * as orders from "../generated/orders.js";
import * as payments from "../generated/payments.js";
import * as gateway from "../generated/gateway.js";

/** Remaining deadline seen at each hop of the last call, in call order. */
export const hops: { service: string; remainingMs: number }[] = [];
/** Events received by the oneway `track` method. */
export const tracked: string[] = [];

function seen(service: string, ctx: CallContext): void {
  hops.push({ service, remainingMs: ctx.deadline - Date.now() });
}

const health = (version: string): common.HealthServiceHandler => ({
  health: () => ({ serving: true, version, startedAt: new Date() }),
});

/** Wait `ms` unless the call is cancelled or its deadline passes first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new RpcError(Code.CANCELLED, "stopped: the caller's deadline passed"));
    }, { once: true });
  });
}

export const inventoryHandler: inventory.InventoryServiceHandler = {
  ...health("inventory-1"),
  check: ({ skus }) => new Map(skus.map((sku) => [sku, { sku, available: 10, state: inventory.StockState.IN_STOCK }])),
  async reserve({ orderId, lines }, ctx) {
    seen("inventory", ctx);
    for (const line of lines) {
      // A "SLOW-" SKU makes the warehouse take 2 s: longer than any caller waits.
      if (line.sku.startsWith("SLOW-")) await sleep(2000, ctx.signal);
      if (line.sku === "NOPE") throw new inventory.UnknownSku({ sku: line.sku });
    }
    return { id: `res-${orderId}`, orderId, lines, expiresAt: new Date(Date.now() + 60_000) };
  },
  release: () => undefined,
};

export const paymentsHandler: payments.PaymentServiceHandler = {
  async charge({ orderId, amount }, ctx) {
    seen("payments", ctx);
    return { id: `rcpt-${orderId}`, orderId, amount, chargedAt: new Date(), signature: new Uint8Array([1, 2, 3]) };
  },
  receipt: ({ id }) => {
    throw new RpcError(Code.NOT_FOUND, `no receipt ${id}`);
  },
};

/** Orders calls inventory and payments: no deadline or metadata passed by hand. */
export function ordersHandler(): orders.OrderServiceHandler {
  // prometheusMetrics() is one observer per registry: every client and server of the demo shares it.
  const channel = createClient({ target: "memory://", observers: [prometheusMetrics()] });
  const stock = new inventory.InventoryServiceClient(channel);
  const pay = new payments.PaymentServiceClient(channel);
  const known = new Map<string, orders.OrderInit>();
  return {
    ...health("orders-1"),
    async get({ id }) {
      const order = known.get(id);
      if (order === undefined) throw new orders.OrderNotFound({ id });
      return order;
    },
    async place({ items, method, shipTo }, ctx) {
      seen("orders", ctx);
      const id = `o-${known.size + 1}`;
      // A received Item is a read shape: its defaulted `quantity` is a plain number, no `?? 1`.
      await stock.reserve({ orderId: id, lines: items.map((i) => ({ sku: i.sku, quantity: i.quantity })) });
      const units = items.reduce((sum, i) => sum + i.unitPrice.units * BigInt(i.quantity), 0n);
      const total = { units, currency: "EUR" };
      const receipt = await pay.charge({ orderId: id, amount: total, method });
      // The write shape: `discount` (defaulted) may be left out; the caller reads it as 0.
      const order: orders.OrderInit = {
        id, status: orders.OrderStatus.PAID, items, labels: new Map([["channel", "web"]]), createdAt: new Date(),
        version: 1n, total, receipt, history: new Map([[orders.Channel.WEB, 1]]),
        ...(shipTo === undefined ? {} : { shipTo }),
      };
      known.set(id, order);
      return order;
    },
    search: ({ query, limit }) => [...known.values()].filter((o) => o.id.includes(query)).slice(0, limit),
    async cancel({ id }) {
      throw new orders.OrderNotFound({ id });
    },
    track({ event, props }) {
      tracked.push(`${event} ${JSON.stringify(Object.fromEntries(props))}`);
    },
    listAll: () => [...known.values()],
  };
}

/** The gateway calls orders. */
export function gatewayHandler(): gateway.GatewayServiceHandler {
  const ordersClient = new orders.OrderServiceClient(createClient({ target: "memory://", observers: [prometheusMetrics()] }));
  return {
    ...health("gateway-1"),
    async checkout({ customerId, items, method, shipTo }, ctx) {
      seen("gateway", ctx);
      if (customerId === "banned") throw new gateway.Forbidden({ reason: "account closed" });
      const order = await ordersClient.place({ items, method, shipTo });
      return { order, remainingMs: Math.max(0, Math.round(ctx.deadline - Date.now())) };
    },
    async order({ orderId }) {
      return ordersClient.get({ id: orderId });
    },
  };
}

export { memoryRegistry };
