/**
 * The registry contract: where servers announce themselves and clients find
 * them. Adapters (memory, static, redis, etcd) implement `Registry`; lease
 * renewal and re-registration live once, in `registrar.ts`, and the client's
 * cached view of a service in `view.ts`.
 */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";

/** One running server instance of one service. */
export interface Instance {
  /** Full service name, e.g. `shop.orders.OrderService`. */
  readonly service: string;
  /** Advertised host (what clients connect to; not 0.0.0.0). */
  readonly host: string;
  readonly port: number;
  /** Relative weight for weighted balancers (default 100). */
  readonly weight: number;
  /** Deployment group, e.g. "canary" ("" when none). */
  readonly group: string;
  /** Free-form labels used by routers. */
  readonly labels: Readonly<Record<string, string>>;
  /** The service's `@version` ("" when none). */
  readonly version: string;
  /** When the instance started (epoch ms). */
  readonly startTime: number;
}

/** Called with the full current list of a service's instances whenever it changes. */
export type InstanceListener = (instances: readonly Instance[]) => void;

export interface Registry {
  /** For messages: what the user configured, credentials removed, e.g. "redis://10.0.0.5:6379/0". */
  readonly name: string;
  /**
   * Create or refresh the instance's record so that it lives `ttlMs` from now
   * (a lease). Idempotent: renewing is calling it again. Replaces a record with
   * the same service, host and port (watchers see weight/group/labels changes).
   * Rejects within the command timeout (default 1 s) with an UNAVAILABLE
   * RpcError naming the registry when the backend cannot be reached; never
   * queues commands without bound while offline.
   */
  register(instance: Instance, ttlMs: number): Promise<void>;
  /** Remove an instance; an unknown one is not an error. Same timeout rule. */
  deregister(instance: Instance): Promise<void>;
  /** The current (unexpired) instances of a service. Same timeout rule. */
  list(service: string): Promise<readonly Instance[]>;
  /**
   * Push changes: `listener` gets the full current list after subscribing and
   * after every change, always asynchronously (never from inside `watch()`).
   * `onError` is told when the backend becomes unreachable (the caller keeps its
   * last list). After every reconnect the adapter resyncs the full list, so
   * nothing missed stays missed. Returns the unsubscribe function.
   */
  watch(service: string, listener: InstanceListener, onError?: (error: Error) => void): () => void;
  /** Release connections and timers; the registry is unusable afterwards. */
  close(): Promise<void>;
}

/** Options every networked adapter takes (each adapter adds its library's pass-through options). */
export interface RegistryOptions {
  /** A registry command fails after this long, ms. Default 1000. */
  readonly commandTimeoutMs?: number;
  /** Key prefix. Default "rpcgen". */
  readonly prefix?: string;
}

/** `host:port`, the identity of an instance within a service. */
export function instanceKey(i: { readonly host: string; readonly port: number }): string {
  return i.host.includes(":") ? `[${i.host}]:${i.port}` : `${i.host}:${i.port}`;
}

/** Fill the optional parts of an instance record with their defaults. */
export function makeInstance(
  fields: Pick<Instance, "service" | "host" | "port"> & Partial<Instance>,
): Instance {
  return {
    service: fields.service,
    host: fields.host,
    port: fields.port,
    weight: fields.weight ?? 100,
    group: fields.group ?? "",
    labels: fields.labels ?? {},
    version: fields.version ?? "",
    startTime: fields.startTime ?? Date.now(),
  };
}

/** The UNAVAILABLE error adapters reject with when their backend cannot be reached. */
export function registryUnreachable(name: string, cause: unknown): RpcError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new RpcError(Code.UNAVAILABLE, `registry ${name} is unreachable: ${why}`, { cause, notProcessed: true });
}

/**
 * Settle `work` within `ms`, else reject with `registryUnreachable` (the work
 * itself is abandoned; adapters bound their own queues).
 */
export function withTimeout<T>(name: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(registryUnreachable(name, new Error(`no answer within ${ms} ms`))), ms);
  });
  return Promise.race([work, expired]).then(
    (value) => {
      clearTimeout(timer);
      return value;
    },
    (error: unknown) => {
      clearTimeout(timer);
      throw error instanceof RpcError ? error : registryUnreachable(name, error);
    },
  );
}

/** Parse an instance record stored as JSON; undefined when it is not one (a foreign or corrupt value). */
export function parseInstance(text: string): Instance | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (v === null || typeof v !== "object") return undefined;
  const r = v as Record<string, unknown>;
  if (typeof r["service"] !== "string" || typeof r["host"] !== "string" || typeof r["port"] !== "number") return undefined;
  return makeInstance({
    service: r["service"],
    host: r["host"],
    port: r["port"],
    weight: typeof r["weight"] === "number" ? r["weight"] : 100,
    group: typeof r["group"] === "string" ? r["group"] : "",
    labels: isStringRecord(r["labels"]) ? r["labels"] : {},
    version: typeof r["version"] === "string" ? r["version"] : "",
    startTime: typeof r["startTime"] === "number" ? r["startTime"] : 0,
  });
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return v !== null && typeof v === "object" && Object.values(v).every((x) => typeof x === "string");
}
