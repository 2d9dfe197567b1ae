/**
 * rpcgen with server admission on: a token-bucket limiter per method that
 * never trips (a billion calls/s), so the figures show what admission costs a
 * call that passes (a clock read, a limiter step, the ticket), against plain
 * rpcgen in the same run. The client is plain rpcgen's.
 */
import type { PeerServer } from "./peer.js";
import { startRpcgenServer } from "./rpcgen.js";

export { connectClient } from "./rpcgen.js";

export function startServer(): Promise<PeerServer> {
  return startRpcgenServer({ admission: { limiter: { kind: "token-bucket", limit: 1_000_000_000 } } });
}
