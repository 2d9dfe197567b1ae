/**
 * Bulkhead: at most `maxConcurrent` calls in progress per key (a method, a
 * service...), so one slow dependency cannot take every slot. Synchronous
 * acquire/release; a full bulkhead rejects at once rather than queueing.
 */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";

export interface BulkheadOptions {
  /** Calls allowed in progress at once per key. Required, an integer >= 1. */
  maxConcurrent: number;
}

/** Throw unless `max` is a usable concurrency limit (an integer >= 1). */
export function checkMaxConcurrent(max: number): number {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxConcurrent must be an integer >= 1 (got ${max})`);
  return max;
}

export class Bulkhead<K = string> {
  readonly maxConcurrent: number;
  readonly #inUse = new Map<K, number>();

  constructor(options: BulkheadOptions) {
    this.maxConcurrent = checkMaxConcurrent(options.maxConcurrent);
  }

  /** Take a slot for `key`; false when all `maxConcurrent` are held (do not call `release` then). */
  tryAcquire(key: K): boolean {
    const n = this.#inUse.get(key) ?? 0;
    if (n >= this.maxConcurrent) return false;
    this.#inUse.set(key, n + 1);
    return true;
  }

  /** Give back a slot taken by a successful `tryAcquire`, once. */
  release(key: K): void {
    const n = this.#inUse.get(key);
    if (n === undefined || n === 0) {
      throw new RpcError(Code.INTERNAL, `bulkhead release for ${String(key)} without a held slot: call release once per successful tryAcquire`);
    }
    // Keys stay at 0 rather than being deleted: delete + set churns the Map's table on every call.
    this.#inUse.set(key, n - 1);
  }

  /** Slots held for `key`. */
  inUse(key: K): number {
    return this.#inUse.get(key) ?? 0;
  }
}
