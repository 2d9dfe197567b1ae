/**
 * Redis registry (the only file that imports ioredis).
 *
 * Data model, correct without keyspace notifications: per service, in one
 * hash slot (`{service}` hash tag),
 * - `<prefix>:{<service>}:exp`  sorted set: member `host:port`, score = lease expiry (Redis server ms);
 * - `<prefix>:{<service>}:rec`  hash: member `host:port` -> the instance record as JSON;
 * - `<prefix>:{<service>}:left` sorted set: members deregistered in the last minute (so a
 *   watcher back from an outage tells a deregistration from a lease that ran out meanwhile);
 * - channel `<prefix>:{<service>}:changed`, published on every visible change.
 * Scripts keep the three in step and read time from Redis (`TIME`), so client
 * clocks do not matter. Listing prunes expired members (and publishes), and a
 * watcher re-lists at the next expiry, so a crashed server leaves every view
 * within its TTL plus one round trip. Watchers also resync after every
 * reconnect and every `resyncIntervalMs`, so a missed message is never final.
 */
import { Cluster, Redis, type ClusterNode, type ClusterOptions, type RedisOptions } from "ioredis";
import type { Instance, InstanceListener, Registry, RegistryOptions } from "./registry.js";
import { DEREGISTER, LIST, REGISTER } from "./redis-scripts.js";
import { parseTarget } from "./redis-target.js";
import { instanceKey, parseInstance, registryUnreachable, withTimeout } from "./registry.js";

export interface RedisRegistryOptions extends RegistryOptions {
  /** Passed to ioredis (password, tls, `sentinels` + `name` for Sentinel, ...); the target gives host, port, db. */
  readonly redis?: RedisOptions;
  /** Use Redis Cluster: these seed nodes and ioredis ClusterOptions (the target's host:port is then ignored). */
  readonly cluster?: { readonly nodes: readonly ClusterNode[]; readonly options?: ClusterOptions };
  /** Watchers re-list every service this often even without messages, ms. Default 10000. */
  readonly resyncIntervalMs?: number;
  /**
   * After the registry was unreachable, watchers keep instances that seem to
   * have left for this long, ms, so servers can renew leases that ran out while
   * Redis was down or stopped, and no live instance blinks out. Default 6000
   * (more than the default 5 s renewal).
   */
  readonly settleMs?: number;
}

type Client = Redis | Cluster;

interface Watch {
  readonly service: string;
  readonly channel: string;
  readonly subscribers: Set<{ listener: InstanceListener; onError: ((e: Error) => void) | undefined }>;
  list: readonly Instance[] | undefined;
  signature: string;
  expiryTimer: NodeJS.Timeout | undefined;
  syncing: boolean;
  again: boolean;
  /** The registry failed since the last good list: the next good list starts a settle period. */
  impaired: boolean;
  /** Until then, instances missing from a list are kept (see `settleMs`). */
  holdUntil: number;
}

export class RedisRegistry implements Registry {
  readonly name: string;
  readonly #client: Client;
  #sub: Client | undefined;
  readonly #timeoutMs: number;
  readonly #prefix: string;
  readonly #resyncMs: number;
  readonly #settleMs: number;
  readonly #watches = new Map<string, Watch>();
  readonly #byChannel = new Map<string, Watch>();
  #resyncTimer: NodeJS.Timeout | undefined;
  #closed = false;

  /** `redis://[user:pass@]host:port[/db]`, or `rediss://` for TLS. */
  constructor(target: string, options: RedisRegistryOptions = {}) {
    const url = parseTarget(target);
    this.#timeoutMs = options.commandTimeoutMs ?? 1000;
    this.#prefix = options.prefix ?? "rpcgen";
    this.#resyncMs = options.resyncIntervalMs ?? 10_000;
    this.#settleMs = options.settleMs ?? 6_000;
    const common: RedisOptions = {
      // Offline, commands fail at once instead of piling up; a stuck server times them out.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: this.#timeoutMs,
      connectTimeout: Math.max(this.#timeoutMs, 1000),
      keepAlive: 1000,
      // Reconnect forever, quickly, with jitter (never give up).
      retryStrategy: (times) => Math.min(50 * times, 1000) * (0.75 + Math.random() / 2),
      ...options.redis,
    };
    if (options.cluster !== undefined) {
      this.name = `redis+cluster://${options.cluster.nodes.map((n) => (typeof n === "object" ? `${n.host}:${n.port}` : String(n))).join(",")}`;
      this.#client = new Cluster([...options.cluster.nodes], {
        enableOfflineQueue: false,
        clusterRetryStrategy: (times) => Math.min(50 * times, 1000),
        ...options.cluster.options,
        redisOptions: { ...common, ...options.cluster.options?.redisOptions },
      });
    } else {
      const sentinels = options.redis?.sentinels;
      this.name =
        sentinels !== undefined && sentinels.length > 0
          ? `redis+sentinel://${sentinels.map((s) => `${s.host ?? "localhost"}:${s.port ?? 26379}`).join(",")}/${options.redis?.name ?? ""}`
          : url.name;
      this.#client = new Redis({ host: url.host, port: url.port, db: url.db, username: url.username, password: url.password, ...(url.tls ? { tls: {} } : {}), ...common });
    }
    this.#client.on("error", () => {}); // surfaced through command failures and watchers' onError
    this.#client.on("ready", () => this.#resyncAll());
    this.#client.on("close", () => this.#tellError(new Error("connection closed")));
  }

  register(instance: Instance, ttlMs: number): Promise<void> {
    const k = this.#keys(instance.service);
    return this.#command(() => this.#client.eval(REGISTER, 3, k.exp, k.rec, k.left, instanceKey(instance), JSON.stringify(instance), Math.max(1, Math.round(ttlMs)), k.channel)).then(() => {});
  }

  deregister(instance: Instance): Promise<void> {
    const k = this.#keys(instance.service);
    return this.#command(() => this.#client.eval(DEREGISTER, 3, k.exp, k.rec, k.left, instanceKey(instance), k.channel)).then(() => {});
  }

  async list(service: string): Promise<readonly Instance[]> {
    return (await this.#listWithExpiry(service)).instances;
  }

  watch(service: string, listener: InstanceListener, onError?: (error: Error) => void): () => void {
    let w = this.#watches.get(service);
    const entry = { listener, onError };
    if (w === undefined) {
      const channel = this.#keys(service).channel;
      w = { service, channel, subscribers: new Set(), list: undefined, signature: "", expiryTimer: undefined, syncing: false, again: false, impaired: false, holdUntil: 0 };
      this.#watches.set(service, w);
      this.#byChannel.set(channel, w);
      const watch = w;
      // Re-list once the subscription is live: a change made before that sent no message we could hear.
      this.#subscriber().subscribe(channel).then(
        () => this.#sync(watch),
        (error: unknown) => this.#tellError(error, watch),
      );
      this.#resyncTimer ??= setInterval(() => this.#resyncAll(), this.#resyncMs).unref();
    }
    w.subscribers.add(entry);
    const watch = w;
    // The current list for this subscriber, always asynchronously.
    if (watch.list !== undefined) {
      const list = watch.list;
      queueMicrotask(() => {
        if (watch.subscribers.has(entry)) listener(list);
      });
    } else void this.#sync(watch);
    return () => this.#unwatch(watch, entry);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#resyncTimer);
    for (const w of this.#watches.values()) clearTimeout(w.expiryTimer);
    this.#watches.clear();
    this.#byChannel.clear();
    this.#sub?.disconnect();
    this.#client.disconnect();
  }

  #keys(service: string): { exp: string; rec: string; left: string; channel: string } {
    const base = `${this.#prefix}:{${service}}`;
    return { exp: `${base}:exp`, rec: `${base}:rec`, left: `${base}:left`, channel: `${base}:changed` };
  }

  /** One command within the timeout; waits (bounded by the same timeout) for a connection that is still coming up. */
  #command<T>(run: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(registryUnreachable(this.name, new Error("the registry client is closed")));
    const client = this.#client;
    const ready =
      client.status === "ready"
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            client.once("ready", resolve);
            setTimeout(() => client.off("ready", resolve), this.#timeoutMs).unref();
          });
    return withTimeout(this.name, this.#timeoutMs, ready.then(run));
  }

  async #listWithExpiry(service: string): Promise<{ instances: Instance[]; left: Set<string>; nextExpiryInMs: number | undefined }> {
    const k = this.#keys(service);
    const reply = (await this.#command(() => this.#client.eval(LIST, 3, k.exp, k.rec, k.left, k.channel))) as string[];
    const now = Number(reply[0]);
    const leftCount = Number(reply[1]);
    const left = new Set(reply.slice(2, 2 + leftCount));
    const instances: Instance[] = [];
    let next: number | undefined;
    for (let i = 2 + leftCount; i + 1 < reply.length; i += 2) {
      const instance = parseInstance(reply[i + 1]!);
      if (instance === undefined) continue;
      instances.push(instance);
      const expiresIn = Number(reply[i]) - now;
      if (next === undefined || expiresIn < next) next = expiresIn;
    }
    instances.sort((a, b) => (instanceKey(a) < instanceKey(b) ? -1 : 1));
    return { instances, left, nextExpiryInMs: next };
  }

  #subscriber(): Client {
    if (this.#sub !== undefined) return this.#sub;
    // A subscriber connection may wait for its server: it only receives.
    const c = this.#client;
    const sub: Client = c instanceof Cluster ? c.duplicate(undefined, { enableOfflineQueue: true }) : c.duplicate({ enableOfflineQueue: true, commandTimeout: undefined });
    sub.on("error", () => {});
    sub.on("message", (channel: string) => {
      const w = this.#byChannel.get(channel);
      if (w !== undefined) void this.#sync(w);
    });
    // ioredis resubscribes by itself after a reconnect; what was missed meanwhile comes from a full list.
    sub.on("ready", () => this.#resyncAll());
    sub.on("close", () => this.#tellError(new Error("subscription connection closed")));
    this.#sub = sub;
    return sub;
  }

  /** Re-list one service and tell its watchers if it changed; overlapping requests coalesce. */
  async #sync(w: Watch): Promise<void> {
    if (w.syncing) {
      w.again = true;
      return;
    }
    w.syncing = true;
    try {
      do {
        w.again = false;
        let result;
        try {
          result = await this.#listWithExpiry(w.service);
        } catch (error) {
          this.#tellError(error, w);
          return;
        }
        if (this.#watches.get(w.service) !== w) return;
        this.#scheduleExpiry(w, result.nextExpiryInMs);
        const instances = this.#settled(w, result.instances, result.left);
        const signature = JSON.stringify(instances);
        if (w.list !== undefined && signature === w.signature) continue;
        w.signature = signature;
        w.list = Object.freeze(instances);
        for (const s of w.subscribers) s.listener(w.list);
      } while (w.again);
    } finally {
      w.syncing = false;
    }
  }

  /** During a settle period after an outage, keep what seems to have left and look again when it ends. */
  #settled(w: Watch, listed: Instance[], left: ReadonlySet<string>): Instance[] {
    if (w.impaired) {
      w.impaired = false;
      w.holdUntil = Date.now() + this.#settleMs;
    }
    const wait = w.holdUntil - Date.now();
    if (wait <= 0 || w.list === undefined) return listed;
    const present = new Set(listed.map(instanceKey));
    const kept = w.list.filter((i) => !present.has(instanceKey(i)) && !left.has(instanceKey(i)));
    if (kept.length === 0) return listed;
    clearTimeout(w.expiryTimer);
    w.expiryTimer = setTimeout(() => void this.#sync(w), wait + 20).unref();
    return [...listed, ...kept].sort((a, b) => (instanceKey(a) < instanceKey(b) ? -1 : 1));
  }

  /** Re-list right after the earliest lease ends: how a crashed server leaves the view without notifications. */
  #scheduleExpiry(w: Watch, inMs: number | undefined): void {
    clearTimeout(w.expiryTimer);
    w.expiryTimer = undefined;
    if (inMs === undefined || inMs > this.#resyncMs) return;
    w.expiryTimer = setTimeout(() => void this.#sync(w), Math.max(0, inMs) + 20).unref();
  }

  #resyncAll(): void {
    for (const w of this.#watches.values()) void this.#sync(w);
  }

  #tellError(error: unknown, only?: Watch): void {
    if (this.#closed) return;
    const reason = registryUnreachable(this.name, error);
    for (const w of only === undefined ? this.#watches.values() : [only]) {
      w.impaired = true;
      for (const s of w.subscribers) s.onError?.(reason);
    }
  }

  #unwatch(w: Watch, entry: Watch["subscribers"] extends Set<infer E> ? E : never): void {
    w.subscribers.delete(entry);
    if (w.subscribers.size > 0 || this.#watches.get(w.service) !== w) return;
    clearTimeout(w.expiryTimer);
    this.#watches.delete(w.service);
    this.#byChannel.delete(w.channel);
    this.#sub?.unsubscribe(w.channel).catch(() => {});
  }
}

export { parseTarget };
