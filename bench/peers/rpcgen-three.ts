/**
 * Three rpcgen servers in the server process, seen by the client through one
 * `memory://` view of three instances: the default path (round robin, no
 * router) against the governed one (P2C-EWMA behind a label router), with the
 * same server count, in the same run.
 */
import { labelsRouter, makeInstance, memoryRegistry } from "../../runtime/index.js";
import type { ClientOptions } from "../../runtime/client/options.js";
import * as single from "./rpcgen.js";
import type { PeerModule, PeerServer } from "./peer.js";

const SERVERS = 3;
/** The bench never renews: a lease that outlives any run. */
const LEASE_MS = 24 * 3600_000;

async function startServers(): Promise<PeerServer> {
  const servers: PeerServer[] = [];
  for (let i = 0; i < SERVERS; i++) servers.push(await single.startServer());
  return {
    port: servers[0]!.port,
    ports: servers.map((s) => s.port),
    receipts: () => servers.reduce((n, s) => n + s.receipts(), 0),
    errors: () => servers.reduce((n, s) => n + s.errors(), 0),
    close: async () => void (await Promise.all(servers.map((s) => s.close()))),
  };
}

/** A client over a memory:// view of the given ports, every instance labelled `tier=bench`. */
function overView(extra: Partial<ClientOptions>): PeerModule {
  return {
    startServer: startServers,
    async connectClient(port, ports = [port]) {
      const service = await single.serviceName();
      for (const p of ports) {
        await memoryRegistry.register(makeInstance({ service, host: "127.0.0.1", port: p, labels: { tier: "bench" } }), LEASE_MS);
      }
      return single.connectWith({ target: "memory://", ...extra });
    },
  };
}

export const defaultPath: PeerModule = overView({});
export const governedPath: PeerModule = overView({ balancer: "p2c-ewma", routers: [labelsRouter({ tier: "bench" })] });
