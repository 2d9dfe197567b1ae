/**
 * Run as a child process (fork): an Echo server registered in the registry
 * named by env RPCGEN_TEST_REGISTRY with a lease of RPCGEN_TEST_TTL /
 * RPCGEN_TEST_RENEW ms; reports its port over IPC so a test can SIGKILL it.
 */
import { startEcho } from "./echo-server.js";

const started = await startEcho({
  registry: process.env["RPCGEN_TEST_REGISTRY"]!,
  lease: { ttlMs: Number(process.env["RPCGEN_TEST_TTL"] ?? 15_000), renewMs: Number(process.env["RPCGEN_TEST_RENEW"] ?? 5_000) },
});
process.send?.({ port: started.port });
process.on("disconnect", () => void started.server.close().then(() => process.exit(0)));
