/**
 * rpcgen with Prometheus metrics on both sides (`prometheusMetrics()` as an
 * observer of the client and of the server, each with its own registry), so
 * the figures show what collection costs a call against plain rpcgen in the
 * same run (issue 14's target: >= 90 % of plain rpcgen's calls/s).
 */
import { Registry } from "prom-client";
import { prometheusMetrics } from "../../runtime/observability/prometheus.js";
import type { PeerClient, PeerServer } from "./peer.js";
import { connectWith, startRpcgenServer } from "./rpcgen.js";

export function startServer(): Promise<PeerServer> {
  return startRpcgenServer({ observers: [prometheusMetrics({ registry: new Registry() })] });
}

export function connectClient(port: number): Promise<PeerClient> {
  return connectWith({ target: `static://127.0.0.1:${port}`, observers: [prometheusMetrics({ registry: new Registry() })] });
}
