/**
 * The etcd registry's data layout and target syntax, kept apart from the etcd3 client so they are testable alone.
 *
 * One key per instance: `<prefix>/services/<service>/<host:port>` holding the JSON instance record, attached to
 * its own lease, renewed by each register call of the registering process (so it vanishes TTL after the last one).
 */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { Instance } from "./registry.js";
import { instanceKey } from "./registry.js";
import { parseAddressList } from "./static.js";

/** `etcd://h:p[,h:p]` -> the `h:p` endpoints etcd3 dials. Throws INVALID_ARGUMENT on anything else. */
export function parseEtcdTarget(target: string): string[] {
  const m = /^etcd:\/\/(.+)$/.exec(target.trim());
  if (m === null) {
    throw new RpcError(Code.INVALID_ARGUMENT, `bad etcd target "${target}": expected etcd://host:port[,host:port...]`);
  }
  return parseAddressList(m[1]!).map((a) => instanceKey(a));
}

/** The key prefix holding every instance of `service` (ends with "/", so "a.B" never matches "a.Bc"). */
export function servicePrefix(prefix: string, service: string): string {
  return `${prefix}/services/${service}/`;
}

/** The key of one instance. */
export function instancePath(prefix: string, instance: Instance): string {
  return servicePrefix(prefix, instance.service) + instanceKey(instance);
}

/** Marks an instance that deregistered (kept for a few seconds), so a settling watcher lets it go at once. */
const LEFT = "~left/";

/** The key of the short-lived "this instance deregistered" marker, under the service's prefix. */
export function leftPath(prefix: string, instance: Instance): string {
  return servicePrefix(prefix, instance.service) + LEFT + instanceKey(instance);
}

/** The `host:port` a "deregistered" marker key names, or undefined for any other key. */
export function leftInstanceKey(key: string): string | undefined {
  const at = key.lastIndexOf(LEFT);
  return at < 0 ? undefined : key.slice(at + LEFT.length);
}

/** The stored value of an instance: its JSON record. */
export function encodeInstance(instance: Instance): string {
  return JSON.stringify({
    service: instance.service,
    host: instance.host,
    port: instance.port,
    weight: instance.weight,
    group: instance.group,
    labels: instance.labels,
    version: instance.version,
    startTime: instance.startTime,
  });
}

/** Parse a stored value; undefined when it is not an instance record (a foreign or corrupt key is skipped). */
export function decodeInstance(text: string): Instance | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== "object" || v === null) return undefined;
  const r = v as Record<string, unknown>;
  const labels = r["labels"];
  if (
    typeof r["service"] !== "string" ||
    typeof r["host"] !== "string" ||
    typeof r["port"] !== "number" ||
    typeof r["weight"] !== "number" ||
    typeof r["group"] !== "string" ||
    typeof r["version"] !== "string" ||
    typeof r["startTime"] !== "number" ||
    typeof labels !== "object" ||
    labels === null ||
    !Object.values(labels).every((l) => typeof l === "string")
  ) {
    return undefined;
  }
  return {
    service: r["service"],
    host: r["host"],
    port: r["port"],
    weight: r["weight"],
    group: r["group"],
    labels: labels as Record<string, string>,
    version: r["version"],
    startTime: r["startTime"],
  };
}
