/**
 * etcd registry adapter (`etcd://host:port[,host:port...]`): the only file that imports etcd3.
 *
 * Records are keys `<prefix>/services/<service>/<host:port>` holding the JSON instance, attached to a lease per
 * TTL that this registry keeps alive; a process that dies stops the keepalive and its keys go when the lease
 * ends. Watchers read the service prefix and watch it from the next revision (see etcd-service-watch.ts).
 */
import { ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, retry } from "cockatiel";
import {
  Etcd3,
  EtcdAuthenticationFailedError,
  EtcdLeaseInvalidError,
  EtcdPermissionDeniedError,
  isRecoverableError,
  type IOptions,
  type Lease,
} from "etcd3";
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import { decodeInstance, encodeInstance, instancePath, parseEtcdTarget, servicePrefix } from "./etcd-layout.js";
import { ServiceWatch, type Snapshot, type WatchSource } from "./etcd-service-watch.js";
import type { Instance, InstanceListener, Registry } from "./registry.js";

/** Options of {@link EtcdRegistry}. */
export interface EtcdRegistryOptions {
  /** A registry command (register, deregister, list) fails with UNAVAILABLE after this long. Default 1000 ms. */
  readonly commandTimeoutMs?: number;
  /** First segment of every key. Default "rpcgen". */
  readonly prefix?: string;
  /**
   * Passed to the etcd3 client (TLS `credentials`, `auth`, `grpcOptions`, `faultHandling`,
   * `defaultCallOptions`); the hosts come from the target. What is given replaces the adapter's default of the
   * same name (grpcOptions are merged key by key).
   */
  readonly etcd?: Omit<IOptions, "hosts">;
}

/**
 * A registry in etcd. Give it every member of the cluster: it spreads commands over them and moves to another
 * member when one fails.
 */
export class EtcdRegistry implements Registry {
  readonly name: string;
  readonly #client: Etcd3;
  readonly #timeoutMs: number;
  readonly #prefix: string;
  /** One lease per TTL (in seconds), shared by the instances registered with that TTL. */
  readonly #leases = new Map<number, Lease>();
  readonly #watches = new Map<string, ServiceWatch>();
  #closed = false;

  constructor(target: string, options: EtcdRegistryOptions = {}) {
    const hosts = parseEtcdTarget(target);
    this.name = `etcd://${hosts.join(",")}`;
    this.#timeoutMs = options.commandTimeoutMs ?? 1000;
    this.#prefix = options.prefix ?? "rpcgen";
    this.#client = new Etcd3({ ...clientDefaults(hosts.length, this.#timeoutMs, options.etcd), hosts });
  }

  /** Put the record under this registry's lease for `ttlMs` (etcd counts in seconds, rounded up). */
  async register(instance: Instance, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) throw new RpcError(Code.INVALID_ARGUMENT, `register needs a positive ttlMs, got ${ttlMs}`);
    const ttl = Math.ceil(ttlMs / 1000);
    const key = instancePath(this.#prefix, instance);
    const value = encodeInstance(instance);
    await this.#command(`register ${key}`, async () => {
      for (let attempt = 1; ; attempt++) {
        const lease = this.#lease(ttl);
        try {
          const id = await lease.grant();
          // Write only when the record or its lease differs, so a renewal does not wake every watcher.
          await this.#client
            .if(key, "Value", "==", value)
            .and(key, "Lease", "==", id)
            .else(this.#client.put(key).value(value).lease(id))
            .commit();
          return;
        } catch (e) {
          // The lease ended while etcd was out of reach (or etcd lost its data): grant a new one once.
          if (!(e instanceof EtcdLeaseInvalidError) || attempt > 1) throw e;
          this.#dropLease(ttl, lease);
        }
      }
    });
  }

  async deregister(instance: Instance): Promise<void> {
    const key = instancePath(this.#prefix, instance);
    await this.#command(`deregister ${key}`, () => this.#client.delete().key(key).exec());
  }

  async list(service: string): Promise<readonly Instance[]> {
    const snap = await this.#command(`list ${service}`, () => this.#snapshot(service));
    const out: Instance[] = [];
    for (const value of snap.records.values()) {
      const instance = decodeInstance(value);
      if (instance !== undefined) out.push(instance);
    }
    return out;
  }

  watch(service: string, listener: InstanceListener, onError?: (error: Error) => void): () => void {
    if (this.#closed) throw this.#closedError();
    let w = this.#watches.get(service);
    if (w === undefined) this.#watches.set(service, (w = new ServiceWatch(this.#source(service))));
    const watch = w;
    const remove = watch.add(listener, onError);
    return () => {
      remove();
      if (watch.empty && this.#watches.get(service) === watch) {
        watch.stop();
        this.#watches.delete(service);
      }
    };
  }

  /** Stop watches, revoke this registry's leases (their records go at once) and close the connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#watches.values()) w.stop();
    this.#watches.clear();
    const leases = [...this.#leases.values()];
    this.#leases.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(leases.map((l) => l.revoke())),
      new Promise((resolve) => (timer = setTimeout(resolve, this.#timeoutMs))),
    ]);
    clearTimeout(timer);
    this.#client.close();
  }

  #lease(ttl: number): Lease {
    let lease = this.#leases.get(ttl);
    if (lease === undefined) {
      const fresh = this.#client.lease(ttl, { autoKeepAlive: true });
      fresh.on("lost", () => this.#dropLease(ttl, fresh));
      this.#leases.set(ttl, (lease = fresh));
    }
    return lease;
  }

  #dropLease(ttl: number, lease: Lease): void {
    if (this.#leases.get(ttl) === lease) this.#leases.delete(ttl);
    lease.release();
  }

  async #snapshot(service: string): Promise<Snapshot> {
    const res = await this.#client.getAll().prefix(servicePrefix(this.#prefix, service)).exec();
    const records = new Map<string, string>();
    for (const kv of res.kvs) records.set(kv.key.toString(), kv.value.toString());
    return { records, revision: BigInt(res.header.revision), clusterId: res.header.cluster_id };
  }

  #source(service: string): WatchSource {
    const prefix = servicePrefix(this.#prefix, service);
    return {
      snapshot: () => this.#command(`list ${service}`, () => this.#snapshot(service)),
      open: (fromRevision, on) => {
        const watcher = this.#client.watch().prefix(prefix).startRevision(String(fromRevision)).watcher();
        watcher.on("connected", (res) => on.connected(BigInt(res.header.revision), res.header.cluster_id));
        watcher.on("disconnected", (e) => on.disconnected(e));
        watcher.on("error", (e) => on.failed(e));
        watcher.on("data", (res) =>
          on.events(
            res.events.map((ev) => ({
              type: ev.type.toLowerCase() === "delete" ? "delete" : "put",
              key: ev.kv.key.toString(),
              value: ev.kv.value.toString(),
              revision: BigInt(ev.kv.mod_revision),
            })),
          ),
        );
        return { cancel: () => void watcher.cancel().catch(() => undefined) };
      },
      unreachable: (cause) => this.#wrap(cause, `watch ${service}`),
    };
  }

  /** Run one command with the timeout; failures become RpcErrors that name the registry. */
  async #command<T>(what: string, run: () => Promise<T>): Promise<T> {
    if (this.#closed) throw this.#closedError();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RpcError(Code.UNAVAILABLE, `${what}: etcd registry ${this.name} did not answer within ${this.#timeoutMs} ms; check that etcd is running and reachable from here`)),
        this.#timeoutMs,
      );
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (e) {
      throw this.#wrap(e, what);
    } finally {
      clearTimeout(timer);
    }
  }

  #wrap(e: unknown, what: string): RpcError {
    if (e instanceof RpcError) return e;
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof EtcdPermissionDeniedError || e instanceof EtcdAuthenticationFailedError) {
      return new RpcError(Code.PERMISSION_DENIED, `${what}: etcd registry ${this.name} refused: ${message}; check the etcd user's role`, { cause: e });
    }
    return new RpcError(Code.UNAVAILABLE, `${what}: etcd registry ${this.name} unreachable (${message}); check that etcd is running and reachable from here`, { cause: e });
  }

  #closedError(): RpcError {
    return new RpcError(Code.FAILED_PRECONDITION, `etcd registry ${this.name} is closed: create a new one`);
  }
}

/**
 * The etcd3 settings that make the registry fail fast and recover fast: a deadline on every unary call, retries
 * on another member, a short circuit-breaker pause per member, capped reconnect and watch backoffs, and HTTP/2
 * keepalive so a silent (stopped, partitioned) member is noticed. etcd refuses pings more often than every 5 s.
 */
function clientDefaults(hostCount: number, timeoutMs: number, user: Omit<IOptions, "hosts"> = {}): Omit<IOptions, "hosts"> {
  return {
    ...user,
    defaultCallOptions: user.defaultCallOptions ?? ((ctx) => (ctx.isStream ? {} : { deadline: Date.now() + timeoutMs })),
    grpcOptions: {
      "grpc.keepalive_time_ms": 6000,
      "grpc.keepalive_timeout_ms": 3000,
      "grpc.initial_reconnect_backoff_ms": 200,
      "grpc.max_reconnect_backoff_ms": 2000,
      ...user.grpcOptions,
    },
    faultHandling: {
      host: () => circuitBreaker(handleWhen(isRecoverableError), { halfOpenAfter: 1000, breaker: new ConsecutiveBreaker(3) }),
      global: retry(handleWhen(isRecoverableError), { maxAttempts: hostCount }),
      // etcd3 steps this backoff itself (next() per failed reconnect, back to this value once connected).
      watchBackoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2000 }).next(),
      ...user.faultHandling,
    },
  };
}
