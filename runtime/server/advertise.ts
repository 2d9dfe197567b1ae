/**
 * Which host a server publishes in the registry. A container must not
 * advertise 127.0.0.1 and a wildcard bind must not advertise 0.0.0.0.
 */
import { networkInterfaces } from "node:os";

/** Environment variable that sets the advertised host (Kubernetes: from `status.podIP`). */
export const ADVERTISE_HOST_ENV = "RPCGEN_ADVERTISE_HOST";

/** The `advertiseHost` option, else `RPCGEN_ADVERTISE_HOST`, else the bound host; a wildcard becomes a routable address. */
export function advertisedHost(bound: string, option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = option ?? (env[ADVERTISE_HOST_ENV] || undefined) ?? bound;
  return isWildcard(chosen) ? routableHost() : chosen;
}

function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "" || host === "[::]";
}

/** The first non-internal IPv4 address of this host, else IPv6, else 127.0.0.1. */
export function routableHost(): string {
  let v6: string | undefined;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === "IPv4") return a.address;
      if (!a.address.startsWith("fe80:")) v6 ??= a.address;
    }
  }
  return v6 ?? "127.0.0.1";
}

/** True for localhost, 127.0.0.0/8 and ::1. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\./.test(h) || h === "::ffff:127.0.0.1";
}

/** True when every host of a registry's name (e.g. "redis://10.0.0.5:6379/0") is loopback; in-process registries count as loopback. */
export function registryOnLoopback(name: string): boolean {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?([^/?]*)/i.exec(name);
  if (m === null || m[1] === "memory" || m[1] === "static") return true;
  const hosts = m[2]!.split(",").filter((h) => h !== "");
  if (hosts.length === 0) return true;
  return hosts.every((hp) => isLoopback(hp.replace(/:\d+$/, "")));
}

/** The warning for a loopback address advertised to a registry other hosts use, or undefined. */
export function loopbackWarning(host: string, registryName: string): string | undefined {
  if (!isLoopback(host) || registryOnLoopback(registryName)) return undefined;
  return `rpcgen: this server advertises ${host} to registry ${registryName}, which clients on other hosts cannot reach; set the advertiseHost option or ${ADVERTISE_HOST_ENV} (in Kubernetes, from status.podIP)`;
}
