/**
 * Connections per address. One connection per address (multiplexed: many
 * calls in flight on it), opened lazily on first use. After a failed connect
 * the address is "backing off": calls fail fast with UNAVAILABLE (not
 * processed, so a caller may go elsewhere) until the next attempt is due
 * (1 s x1.6 ±20 %, max 120 s by default). A successful connect resets it.
 */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import { Backoff, type BackoffOptions } from "./backoff.js";
import type { Endpoint } from "./tcp.js";

/** What the pool needs to know of a pooled connection. */
export interface Poolable {
  /** False once closed, closing or told to go away (GOAWAY). */
  readonly usable: boolean;
  /** Close: gracefully (let in-flight calls finish) or at once. */
  close(graceful: boolean): void;
  /** Settles once the connection is fully closed (lets the pool forget a draining connection). */
  readonly closed?: Promise<unknown>;
}

interface Slot<C> {
  conn: C | undefined;
  connecting: Promise<C> | undefined;
  readonly backoff: Backoff;
  retryAt: number;
  lastError: string;
}

export class ConnectionPool<C extends Poolable> {
  readonly #slots = new Map<string, Slot<C>>();
  /** Evicted connections still finishing their calls. */
  readonly #draining = new Set<C>();
  readonly #connect: (endpoint: Endpoint) => Promise<C>;
  readonly #backoff: BackoffOptions;
  /** Slots whose last connect failed (retryAt set): while 0, every address is usable without a lookup. */
  #failing = 0;
  #closed = false;

  constructor(connect: (endpoint: Endpoint) => Promise<C>, backoff: BackoffOptions = {}) {
    this.#connect = connect;
    this.#backoff = backoff;
  }

  /** A usable connection to `endpoint`: returned directly when one is open (the hot path). */
  acquire(endpoint: Endpoint, key: string): C | Promise<C> {
    if (this.#closed) return Promise.reject(new RpcError(Code.UNAVAILABLE, "the client is closed", { notProcessed: true }));
    let slot = this.#slots.get(key);
    if (slot === undefined) {
      slot = { conn: undefined, connecting: undefined, backoff: new Backoff(this.#backoff), retryAt: 0, lastError: "" };
      this.#slots.set(key, slot);
    }
    const conn = slot.conn;
    if (conn !== undefined && conn.usable) return conn;
    if (slot.connecting !== undefined) return slot.connecting;
    const wait = slot.retryAt - Date.now();
    if (wait > 0) {
      return Promise.reject(
        new RpcError(Code.UNAVAILABLE, `${key} is unreachable (${slot.lastError}); next connect attempt in ${wait} ms`, {
          notProcessed: true,
        }),
      );
    }
    const s = slot;
    s.connecting = this.#connect(endpoint).then(
      (c) => {
        s.connecting = undefined;
        if (this.#closed) {
          c.close(false);
          throw new RpcError(Code.UNAVAILABLE, "the client is closed", { notProcessed: true });
        }
        s.conn = c;
        s.backoff.reset();
        if (s.retryAt !== 0 && this.#slots.get(key) === s) this.#failing--;
        s.retryAt = 0;
        return c;
      },
      (error: unknown) => {
        s.connecting = undefined;
        if (s.retryAt === 0 && this.#slots.get(key) === s) this.#failing++;
        s.retryAt = Date.now() + s.backoff.next();
        s.lastError = error instanceof Error ? error.message : String(error);
        throw error;
      },
    );
    return s.connecting;
  }

  /**
   * False while `key` is in reconnect backoff (its last connect failed and the
   * next attempt is not yet due); true otherwise, including addresses never
   * tried. Balancers use it to skip backing-off instances. Allocates nothing
   * for addresses that never failed.
   */
  usable(key: string): boolean {
    if (this.#failing === 0) return true;
    const slot = this.#slots.get(key);
    if (slot === undefined || slot.retryAt === 0 || slot.connecting !== undefined) return true;
    if (slot.conn !== undefined && slot.conn.usable) return true;
    return slot.retryAt <= Date.now();
  }

  /** True while no address is backing off: every `usable(key)` is true (callers may skip computing the key). */
  get allUsable(): boolean {
    return this.#failing === 0;
  }

  /** Open connections (for stats). */
  get size(): number {
    let n = 0;
    for (const slot of this.#slots.values()) if (slot.conn !== undefined && slot.conn.usable) n++;
    return n;
  }

  /** Every connection currently held (usable or draining). */
  *connections(): IterableIterator<C> {
    for (const slot of this.#slots.values()) if (slot.conn !== undefined) yield slot.conn;
    yield* this.#draining;
  }

  /** Slots held (open, connecting or backing off): bounded by the addresses in use. */
  get slots(): number {
    return this.#slots.size;
  }

  /**
   * Forget `key` (its instance left the registry): its connection closes
   * gracefully once its in-flight calls finish, and its slot is dropped, so the
   * slot map does not grow with churn. A connect in progress is left alone.
   */
  evict(key: string): void {
    const slot = this.#slots.get(key);
    if (slot === undefined || slot.connecting !== undefined) return;
    this.#slots.delete(key);
    if (slot.retryAt !== 0) this.#failing--;
    const conn = slot.conn;
    if (conn === undefined) return;
    conn.close(true);
    if (conn.closed === undefined) return;
    this.#draining.add(conn);
    const forget = () => this.#draining.delete(conn);
    conn.closed.then(forget, forget);
  }

  /** Close every connection; further acquires fail. */
  close(graceful: boolean): void {
    this.#closed = true;
    for (const slot of this.#slots.values()) slot.conn?.close(graceful);
    for (const conn of this.#draining) conn.close(graceful);
  }
}
