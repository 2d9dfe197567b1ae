/**
 * etcd registry adapter (`etcd://host:port[,host:port...]`): the only file that imports etcd3.
 *
 * Records are keys `<prefix>/services/<service>/<host:port>` holding the JSON instance, each attached to its own
 * lease. Nothing here renews a lease by itself: every `register` call sends one keepalive (or grants a new lease
 * when etcd no longer knows the old one), so a record lives TTL after the last register call, as the contract says,
 * whether its process died or just stopped renewing. Renewing is the registrar's job. Watchers read the service
 * prefix and watch it from the next revision (see etcd-service-watch.ts).
 */
import { ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, retry } from "cockatiel";
import {
  Etcd3,
  EtcdAuthenticationFailedError,
  EtcdLeaseInvalidError,
  EtcdPermissionDeniedError,
  isRecoverableError,
  type ILeaseKeepAliveResponse,
  type IOptions,
} from "etcd3";
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import { decodeInstance, encodeInstance, instancePath, leftPath, parseEtcdTarget, servicePrefix } from "./etcd-layout.js";
import { ServiceWatch, type Snapshot, type WatchSource } from "./etcd-service-watch.js";
import type { Instance, InstanceListener, Registry } from "./registry.js";

/** Options of {@link EtcdRegistry}. */
export interface EtcdRegistryOptions {
  /** A registry command (register, deregister, list) fails with UNAVAILABLE after this long. Default 1000 ms. */
  readonly commandTimeoutMs?: number;
  /** First segment of every key. Default "rpcgen". */
  readonly prefix?: string;
  /**
   * After etcd was unreachable, watchers keep instances that seem to have left for this long, ms, so servers can
   * renew leases that ran out while etcd was down or stopped, and no live instance blinks out. Default 6000 (more
   * than the default 5 s renewal), as for Redis.
   */
  readonly settleMs?: number;
  /**
   * While something is watched, etcd is asked every this many ms whether it answers (one small read), so a stopped
   * or unreachable etcd is noticed in about this time plus the command timeout instead of after gRPC's keepalive,
   * and the settle period starts when it answers again. Default 1000; 0 turns the probe off.
   */
  readonly probeMs?: number;
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
  readonly #settleMs: number;
  readonly #probeMs: number;
  #probeTimer: NodeJS.Timeout | undefined;
  #probing = false;
  /** The lease of each record this registry wrote, by key (one per record, so each expires on its own). */
  readonly #leases = new Map<string, HeldLease>();
  readonly #watches = new Map<string, ServiceWatch>();
  #closed = false;

  constructor(target: string, options: EtcdRegistryOptions = {}) {
    const hosts = parseEtcdTarget(target);
    this.name = `etcd://${hosts.join(",")}`;
    this.#timeoutMs = options.commandTimeoutMs ?? 1000;
    this.#prefix = options.prefix ?? "rpcgen";
    this.#settleMs = options.settleMs ?? 6_000;
    this.#probeMs = options.probeMs ?? 1_000;
    this.#client = new Etcd3({ ...clientDefaults(hosts.length, this.#timeoutMs, options.etcd), hosts });
  }

  /**
   * Keep the record's lease alive for another `ttlMs` (one keepalive; a new lease when there is none, the TTL
   * changed or etcd lost it) and write the record when it changed. etcd counts in whole seconds, rounded up, and
   * grants at least its minimum TTL (about 2 s with the default election timeout).
   */
  async register(instance: Instance, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) throw new RpcError(Code.INVALID_ARGUMENT, `register needs a positive ttlMs, got ${ttlMs}`);
    const ttl = Math.ceil(ttlMs / 1000);
    const key = instancePath(this.#prefix, instance);
    const value = encodeInstance(instance);
    await this.#command(`register ${key}`, async () => {
      for (let attempt = 1; ; attempt++) {
        const id = await this.#renew(key, ttl);
        try {
          // Write only when the record or its lease differs, so a renewal does not wake every watcher.
          await this.#client
            .if(key, "Value", "==", value)
            .and(key, "Lease", "==", id)
            .else(this.#client.put(key).value(value).lease(id))
            .commit();
          return;
        } catch (e) {
          // The lease ended between the keepalive and the write (etcd lost its data): the next keepalive finds
          // it gone and grants a new one; once.
          if (!(e instanceof EtcdLeaseInvalidError) || attempt > 1) throw e;
        }
      }
    });
  }

  /** Remove the record and revoke its lease (a lease of another process is left to expire with nothing on it). */
  async deregister(instance: Instance): Promise<void> {
    const key = instancePath(this.#prefix, instance);
    const held = this.#leases.get(key);
    this.#leases.delete(key);
    await this.#command(`deregister ${key}`, async () => {
      // A short-lived marker first, so a watcher settling after an outage lets this instance go at once.
      const marker = await this.#client.leaseClient.leaseGrant({ TTL: Math.ceil(this.#settleMs / 1000) + 2 });
      await this.#client.put(leftPath(this.#prefix, instance)).value("left").lease(marker.ID).exec();
      await this.#client.delete().key(key).exec();
      const id = await held?.id.catch(() => undefined);
      if (id !== undefined) await this.#client.leaseClient.leaseRevoke({ ID: id }).catch(() => undefined);
    });
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
    if (w === undefined) this.#watches.set(service, (w = new ServiceWatch(this.#source(service), this.#settleMs)));
    const watch = w;
    const remove = watch.add(listener, onError);
    this.#startProbe();
    return () => {
      remove();
      if (watch.empty && this.#watches.get(service) === watch) {
        watch.stop();
        this.#watches.delete(service);
        if (this.#watches.size === 0) this.#stopProbe();
      }
    };
  }

  /** Liveness of etcd for the watches: a watch stream alone notices a stopped etcd only after gRPC's keepalive. */
  #startProbe(): void {
    if (this.#probeMs <= 0 || this.#probeTimer !== undefined) return;
    this.#probeTimer = setInterval(() => void this.#probe(), this.#probeMs);
    this.#probeTimer.unref();
  }

  #stopProbe(): void {
    clearInterval(this.#probeTimer);
    this.#probeTimer = undefined;
  }

  async #probe(): Promise<void> {
    if (this.#probing || this.#closed) return;
    this.#probing = true;
    try {
      await this.#command("probe", () => this.#client.get(`${this.#prefix}/probe`).exists());
      for (const w of this.#watches.values()) w.reachable();
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      for (const w of this.#watches.values()) w.unreachable(error);
    } finally {
      this.#probing = false;
    }
  }

  /** Stop watches, revoke this registry's leases (their records go at once) and close the connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopProbe();
    for (const w of this.#watches.values()) w.stop();
    this.#watches.clear();
    const held = [...this.#leases.values()];
    this.#leases.clear();
    const revoke = async (h: HeldLease) => this.#client.leaseClient.leaseRevoke({ ID: await h.id });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(held.map(revoke)),
      new Promise((resolve) => (timer = setTimeout(resolve, this.#timeoutMs))),
    ]);
    clearTimeout(timer);
    this.#client.close();
  }

  /**
   * The id of a live lease of `ttl` seconds for `key`: the held one after a keepalive that etcd answered with a
   * remaining TTL, else a newly granted one. Concurrent calls for one key share a grant.
   */
  async #renew(key: string, ttl: number): Promise<string> {
    const held = this.#leases.get(key);
    if (held !== undefined && held.ttl === ttl) {
      const id = await held.id.catch(() => undefined);
      if (id !== undefined && (await this.#keepAliveOnce(id)) > 0) return id;
    }
    let current = this.#leases.get(key);
    if (current === undefined || current === held) {
      // A lease whose TTL changed is not revoked: that would delete the record; it expires with nothing on it.
      const id = this.#client.leaseClient.leaseGrant({ TTL: ttl }).then((res) => res.ID);
      this.#leases.set(key, (current = { ttl, id }));
      id.catch(() => {
        if (this.#leases.get(key)?.id === id) this.#leases.delete(key); // the next register grants again
      });
    }
    return current.id;
  }

  /** One keepalive round trip: the lease's remaining TTL in seconds, 0 when etcd no longer knows it. */
  async #keepAliveOnce(id: string): Promise<number> {
    // The deadline ends the stream on a silent member; our command timeout would only abandon it.
    const stream = await this.#client.leaseClient.leaseKeepAlive({ deadline: Date.now() + this.#timeoutMs });
    try {
      const res = await new Promise<ILeaseKeepAliveResponse>((resolve, reject) => {
        stream.on("data", resolve);
        stream.on("error", reject);
        stream.write({ ID: id });
      });
      return Number(res.TTL);
    } finally {
      stream.end();
    }
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

/** The lease a record is attached to: its TTL in seconds and its id once granted. */
interface HeldLease {
  readonly ttl: number;
  readonly id: Promise<string>;
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
