/**
 * One replica of the demo's Hello service (a child process of run.ts): listens
 * on a free loopback port and registers in the Redis registry given in
 * RPCGEN_DEMO_REDIS, with a lease shortened for the demo.
 */
import { createServer } from "rpcgen/runtime";
import { Hello } from "./generated/hello.js";

const name = process.env["RPCGEN_DEMO_NAME"] ?? `server-${process.pid}`;
const server = createServer({
  registry: process.env["RPCGEN_DEMO_REDIS"]!,
  // Short leases so a killed replica leaves the view in a few seconds (defaults: TTL 15 s, renew 5 s).
  lease: { ttlMs: 3_000, renewMs: 1_000 },
});
server.add(Hello, { whoami: () => name });
const { port } = await server.listen({ host: "127.0.0.1", port: 0 });
process.send?.({ name, port });
// SIGTERM: graceful (deregister first, then drain). SIGKILL: the lease just runs out.
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
