/**
 * The cached, watched list of one service in the etcd registry, independent of the etcd3 client (which the
 * adapter plugs in as a `WatchSource`).
 *
 * Protocol: read the whole prefix at revision R, then watch from R + 1. The etcd3 watcher resumes from the last
 * seen revision after a disconnect, so no event is lost; on every reconnect we also re-read the prefix (events
 * already contained in the read are skipped by revision). When the watcher dies (its revision was compacted) or
 * the store went back in time (etcd restored empty), the read is followed by a new watcher from the read's
 * revision.
 */
import { instanceKey, type Instance, type InstanceListener } from "./registry.js";
import { decodeInstance, leftInstanceKey } from "./etcd-layout.js";

/** One change under the service's prefix. */
export interface WatchEvent {
  readonly type: "put" | "delete";
  readonly key: string;
  readonly value: string;
  /** The revision of this change (etcd's mod_revision). */
  readonly revision: bigint;
}

/** A consistent read of the prefix. */
export interface Snapshot {
  readonly records: ReadonlyMap<string, string>;
  readonly revision: bigint;
  readonly clusterId: string;
}

/** What a running etcd watcher reports. */
export interface WatchHandlers {
  events(events: readonly WatchEvent[]): void;
  /** The watch stream is (re)established; `revision` is the store's current revision. */
  connected(revision: bigint, clusterId: string): void;
  /** The stream broke; the watcher reconnects by itself and resumes. */
  disconnected(error: Error): void;
  /** The watcher is dead (e.g. its start revision was compacted) and will not resume. */
  failed(error: Error): void;
}

/** The adapter's side: reads, watchers and error wording. */
export interface WatchSource {
  snapshot(): Promise<Snapshot>;
  open(fromRevision: bigint, handlers: WatchHandlers): { cancel(): void };
  /** The error subscribers see when the registry is unreachable. */
  unreachable(cause: unknown): Error;
}

interface Subscriber {
  readonly listener: InstanceListener;
  readonly onError: ((error: Error) => void) | undefined;
}

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 2000;

export class ServiceWatch {
  readonly #source: WatchSource;
  readonly #subs = new Set<Subscriber>();
  #instances = new Map<string, Instance>();
  /** `host:port` of instances that deregistered lately: never kept by the settle period. */
  #left = new Set<string>();
  #list: readonly Instance[] = [];
  #synced = false;
  #healthy = true;
  #lastError: Error | undefined;
  #revision = -1n;
  #clusterId = "";
  #stream: { cancel(): void } | undefined;
  #streamDown = false;
  #openedAt = 0;
  /** Watchers that died within a second of opening, in a row (etcd refusing the watch itself). */
  #quickDeaths = 0;
  /** Events that arrive while a read is in flight, applied after it by revision. */
  #buffer: WatchEvent[] | undefined;
  #running = false;
  #again = false;
  #reopen = false;
  #failures = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #settleMs: number;
  /** etcd failed since the last good list: the next good list starts a settle period. */
  #impaired = false;
  /** Until then, instances missing from the list are kept (leases that ran out during the outage get renewed). */
  #holdUntil = 0;
  #settleTimer: NodeJS.Timeout | undefined;

  constructor(source: WatchSource, settleMs = 0) {
    this.#source = source;
    this.#settleMs = settleMs;
    this.#resync(true);
  }

  get empty(): boolean {
    return this.#subs.size === 0;
  }

  /** Add a subscriber; it gets the current list on a later tick when one is known. */
  add(listener: InstanceListener, onError?: (error: Error) => void): () => void {
    const sub: Subscriber = { listener, onError };
    this.#subs.add(sub);
    const error = this.#healthy ? undefined : this.#lastError;
    if (this.#synced || error !== undefined) {
      queueMicrotask(() => {
        if (!this.#subs.has(sub)) return;
        if (this.#synced) this.#call(sub, this.#list);
        if (error !== undefined) onError?.(error);
      });
    }
    return () => {
      this.#subs.delete(sub);
    };
  }

  /** The registry's probe found etcd unreachable: report it, and settle when it answers again. */
  unreachable(cause: Error): void {
    this.#unhealthy(cause);
  }

  /** The registry's probe got an answer: after an outage, re-read the list (which starts the settle period). */
  reachable(): void {
    if (!this.#healthy && !this.#running) this.#resync(false);
  }

  stop(): void {
    this.#stopped = true;
    this.#subs.clear();
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#settleTimer);
    this.#stream?.cancel();
    this.#stream = undefined;
  }

  #resync(reopen: boolean): void {
    clearTimeout(this.#retryTimer);
    if (this.#stopped) return;
    this.#reopen ||= reopen;
    if (this.#running) {
      this.#again = true;
      return;
    }
    void this.#run();
  }

  async #run(): Promise<void> {
    this.#running = true;
    do {
      this.#again = false;
      const reopen = this.#reopen || this.#stream === undefined;
      this.#reopen = false;
      this.#buffer = [];
      try {
        const snap = await this.#source.snapshot();
        if (this.#stopped) break;
        this.#load(snap, reopen);
      } catch (e) {
        this.#buffer = undefined;
        this.#reopen ||= reopen;
        this.#unhealthy(e);
        this.#scheduleRetry();
        break;
      }
    } while (this.#again && !this.#stopped);
    this.#running = false;
  }

  /** Replace the list with a read; (re)open the watcher when asked or when the store was replaced. */
  #load(snap: Snapshot, reopen: boolean): void {
    // A lower revision or another cluster means the store was replaced: the old watcher waits for revisions
    // that mean nothing there.
    const replaced = snap.clusterId !== this.#clusterId || snap.revision < this.#revision;
    const buffered = this.#buffer;
    this.#buffer = undefined;
    this.#instances = new Map();
    this.#left = new Set();
    for (const [key, value] of snap.records) this.#put(key, value);
    this.#revision = snap.revision;
    this.#clusterId = snap.clusterId;
    if (reopen || replaced) {
      this.#stream?.cancel();
      this.#streamDown = false;
      this.#openedAt = Date.now();
      this.#stream = this.#source.open(snap.revision + 1n, this.#handlers);
    } else {
      this.#apply(buffered ?? []);
    }
    this.#synced = true;
    this.#healthy = true;
    this.#failures = 0;
    this.#publish();
  }

  readonly #handlers: WatchHandlers = {
    events: (events) => {
      if (this.#buffer !== undefined) this.#buffer.push(...events);
      else if (this.#apply(events)) this.#publish();
    },
    connected: () => {
      // A reconnect: re-read the prefix so the list is whole even if the store changed under us.
      if (this.#streamDown) {
        this.#streamDown = false;
        this.#resync(false);
      }
    },
    disconnected: (error) => {
      this.#streamDown = true;
      this.#unhealthy(error);
    },
    failed: () => {
      this.#stream = undefined;
      this.#quickDeaths = Date.now() - this.#openedAt < 1000 ? this.#quickDeaths + 1 : 0;
      if (this.#quickDeaths === 0) return this.#resync(true);
      // A watch refused as soon as it opens would otherwise loop read-open-refuse without pause.
      this.#reopen = true;
      this.#retryTimer = setTimeout(() => this.#resync(true), this.#delay(this.#quickDeaths));
    },
  };

  /** Apply events newer than the list; true when something was applied. */
  #apply(events: readonly WatchEvent[]): boolean {
    let changed = false;
    for (const ev of events) {
      if (ev.revision <= this.#revision) continue;
      this.#revision = ev.revision;
      // A "deregistered" marker changes no list.
      if (leftInstanceKey(ev.key) === undefined) changed = true;
      if (ev.type === "put") this.#put(ev.key, ev.value);
      else this.#remove(ev.key);
    }
    return changed;
  }

  #remove(key: string): void {
    const left = leftInstanceKey(key);
    if (left !== undefined) this.#left.delete(left);
    else this.#instances.delete(key);
  }

  #put(key: string, value: string): void {
    const left = leftInstanceKey(key);
    if (left !== undefined) {
      this.#left.add(left);
      return;
    }
    const instance = decodeInstance(value);
    if (instance === undefined) this.#instances.delete(key);
    else this.#instances.set(key, instance);
  }

  #publish(): void {
    this.#list = this.#settled([...this.#instances.values()]);
    for (const sub of this.#subs) this.#call(sub, this.#list);
  }

  /**
   * While etcd is unreachable and for a settle period after it answers again, keep what seems to have left
   * (leases that ran out meanwhile are renewed by their servers), and publish again when the period ends.
   */
  #settled(listed: Instance[]): Instance[] {
    const now = Date.now();
    if (this.#impaired && this.#healthy) {
      this.#impaired = false;
      this.#holdUntil = now + this.#settleMs;
    }
    const holding = this.#impaired || this.#holdUntil > now;
    if (!holding || this.#settleMs <= 0 || this.#list.length === 0) return listed;
    const present = new Set(listed.map(instanceKey));
    const kept = this.#list.filter((i) => !present.has(instanceKey(i)) && !this.#left.has(instanceKey(i)));
    if (kept.length === 0) return listed;
    if (!this.#impaired) {
      clearTimeout(this.#settleTimer);
      this.#settleTimer = setTimeout(() => this.#publish(), this.#holdUntil - now + 20);
      this.#settleTimer.unref();
    }
    return [...listed, ...kept];
  }

  #call(sub: Subscriber, list: readonly Instance[]): void {
    try {
      sub.listener(list);
    } catch (e) {
      // A throwing listener must not break the watch or the other subscribers.
      if (sub.onError !== undefined) sub.onError(e instanceof Error ? e : new Error(String(e)));
      else process.emitWarning(`registry watch listener threw: ${String(e)}`);
    }
  }

  #unhealthy(cause: unknown): void {
    this.#impaired = true;
    if (!this.#healthy) return;
    this.#healthy = false;
    const error = (this.#lastError = this.#source.unreachable(cause));
    for (const sub of this.#subs) sub.onError?.(error);
  }

  #scheduleRetry(): void {
    if (this.#stopped) return;
    this.#retryTimer = setTimeout(() => this.#resync(false), this.#delay(this.#failures++));
  }

  /** Doubling from RETRY_MIN_MS to RETRY_MAX_MS, jittered so that many clients do not retry in step. */
  #delay(attempt: number): number {
    const ceiling = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }
}
