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
  /** Announce an instance (replaces one with the same service, host and port). */
  register(instance: Instance): Promise<void>;
  /** Remove an instance; removing an unknown one is not an error. */
  deregister(instance: Instance): Promise<void>;
  /** The current instances of a service. */
  list(service: string): Promise<readonly Instance[]>;
  /**
   * Push changes: `listener` gets the current list soon after subscribing and
   * the full list after every change. Returns the unsubscribe function.
   */
  watch(service: string, listener: InstanceListener): () => void;
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
