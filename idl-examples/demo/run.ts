/**
 * `npm run demo`: four shop services in one process, found through the
 * embedded in-memory registry (no server to set up), and one labelled call of
 * each kind: a call, a oneway, a typed error, a validation error and a deadline
 * that runs out two hops down; then a scrape of the demo's Prometheus metrics.
 * `npm run demo -- --serve` keeps serving them (and the services) until Ctrl-C;
 * env RPCGEN_DEMO_METRICS_PORT picks the metrics port (default: a free one).
 */
import { createClient, createServer, memoryRegistry, RpcError, type Server } from "rpcgen/runtime";
import { prometheusMetrics, serveMetrics } from "rpcgen/runtime/prometheus";
import * as gateway from "../generated/gateway.js";
import * as inventory from "../generated/inventory.js";
import * as orders from "../generated/orders.js";
import * as payments from "../generated/payments.js";
import { gatewayHandler, hops, inventoryHandler, ordersHandler, paymentsHandler, tracked } from "./services.js";

const metrics = prometheusMetrics();
const servers: Server[] = [];
/** `host:port` of each server, in start order (inventory, payments, orders, gateway). */
const addresses: string[] = [];
async function start(add: (server: Server) => void): Promise<void> {
  const server = createServer({ registry: memoryRegistry, observers: [metrics] });
  add(server);
  const { host, port } = await server.listen({ host: "127.0.0.1", port: 0 });
  servers.push(server);
  addresses.push(`${host}:${port}`);
}

function label(name: string): void {
  console.log(`\n[${name}]`);
}

function describe(error: unknown): string {
  if (error instanceof RpcError) return `RpcError ${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

const item = (sku: string, quantity = 1): orders.Item => ({ sku, quantity, unitPrice: { units: 1999n, currency: "EUR" } });
const card: payments.PaymentMethod = { kind: "cardToken", value: "tok_visa" };

await start((s) => s.add(inventory.InventoryService, inventoryHandler));
await start((s) => s.add(payments.PaymentService, paymentsHandler));
await start((s) => s.add(orders.OrderService, ordersHandler()));
await start((s) => s.add(gateway.GatewayService, gatewayHandler()));
console.log(`4 services listening on 127.0.0.1, registered in the in-memory registry`);
const endpoint = await serveMetrics({ port: Number(process.env["RPCGEN_DEMO_METRICS_PORT"] ?? 0) });
console.log(`Prometheus metrics at ${endpoint.url}`);

const channel = createClient({ target: "memory://", observers: [metrics] });
const shop = new gateway.GatewayServiceClient(channel);
const ordersClient = new orders.OrderServiceClient(channel);

label("call: gateway.checkout -> orders.place -> inventory.reserve + payments.charge");
hops.length = 0;
const result = await shop.checkout({ customerId: "c-1", items: [item("BOOK-1", 2)], method: card }, { timeout: 1500 });
console.log(`order ${result.order.id} ${result.order.status === orders.OrderStatus.PAID ? "PAID" : "?"}, total ${result.order.total.units} ${result.order.total.currency}, receipt ${result.order.receipt?.id}`);
console.log(`remaining deadline per hop: ${hops.map((h) => `${h.service} ${Math.round(h.remainingMs)} ms`).join(" -> ")}`);

label("oneway: orders.track (no reply is sent; the promise resolves once written)");
await ordersClient.track({ event: "cart.opened", props: new Map([["customer", "c-1"]]) });
for (let i = 0; i < 50 && tracked.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
console.log(`server received: ${tracked[0] ?? "(nothing yet)"}`);

label("typed error: gateway.order of an unknown id");
try {
  await shop.order({ customerId: "c-1", orderId: "o-404" });
} catch (error) {
  console.log(`caught ${error instanceof orders.OrderNotFound ? "orders.OrderNotFound (instanceof works)" : "something else"}: id=${(error as orders.OrderNotFound).id}`);
}

label("validation error: a quantity over @range(max = 1000), checked before sending");
try {
  await ordersClient.place({ items: [item("BOOK-1"), item("BOOK-2", 5000)], method: card });
} catch (error) {
  console.log(describe(error));
}

label("deadline two hops down: 300 ms at the gateway, inventory takes 2 s");
hops.length = 0;
const started = Date.now();
try {
  await shop.checkout({ customerId: "c-1", items: [item("SLOW-1")], method: card }, { timeout: 300 });
} catch (error) {
  console.log(`${describe(error)} after ${Date.now() - started} ms`);
}
console.log(`remaining deadline per hop: ${hops.map((h) => `${h.service} ${Math.round(h.remainingMs)} ms`).join(" -> ")}`);

label(`metrics: a scrape of ${endpoint.url} (calls handled by the servers)`);
const scraped = await (await fetch(endpoint.url)).text();
for (const line of scraped.split("\n")) if (line.startsWith('rpcgen_calls_handled_total{side="server"')) console.log(line);

if (process.argv.includes("--serve")) {
  console.log(`\nserving until Ctrl-C: curl ${endpoint.url}`);
  console.log(`call a service by hand: node dist/bin/rpcgen.js call --idl idl-examples/shop --target static://${addresses[2]} shop.orders.OrderService/get '{"id":"o-1"}'`);
  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
}
await channel.close();
await Promise.all(servers.map((s) => s.close()));
await endpoint.close();
console.log("\ndone");
