/**
 * The registry contract: where servers announce themselves and clients find
 * them. Adapters (memory, static; redis and etcd later) implement `Registry`.
 */

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
  /** For messages: what the user configured, credentials removed, e.g. "etcd://a:2379,b:2379". */
  readonly name: string;
  /**
   * Create or refresh the instance's record so that it lives `ttlMs` from now (a lease); renewing is calling it
   * again. Replaces a record with the same service, host and port. Rejects within the command timeout with an
   * RpcError UNAVAILABLE naming the registry when the backend cannot be reached; never queues without bound.
   */
  register(instance: Instance, ttlMs?: number): Promise<void>;
  /** Remove an instance; removing an unknown one is not an error. Same timeout rule. */
  deregister(instance: Instance): Promise<void>;
  /** The current (unexpired) instances of a service. Same timeout rule. */
  list(service: string): Promise<readonly Instance[]>;
  /**
   * Push changes: `listener` gets the full current list after subscribing and after every change (never from
   * inside watch()). `onError` is told when the backend becomes unreachable (the caller keeps its last list).
   * Returns the unsubscribe function.
   */
  watch(service: string, listener: InstanceListener, onError?: (error: Error) => void): () => void;
  /** Release connections and timers; the registry is unusable afterwards. */
  close(): Promise<void>;
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
