/**
 * rpcgen with a client circuit breaker that never trips (the error-rate
 * breaker at its defaults; the bench's calls all succeed), so the figures show
 * what the breaker costs a call that passes (a usable check per pick, an
 * allow and a done per attempt), against plain rpcgen in the same run. The
 * server is plain rpcgen's.
 */
import type { PeerClient } from "./peer.js";
import { connectWith } from "./rpcgen.js";

export { startServer } from "./rpcgen.js";

export function connectClient(port: number): Promise<PeerClient> {
  return connectWith({ target: `static://127.0.0.1:${port}`, breaker: {} });
}
