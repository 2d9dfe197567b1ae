/**
 * A coarse hashed timer wheel for per-call deadlines: one shared interval
 * (only while entries exist) instead of one `setTimeout` per call. Entries
 * fire at or up to one resolution step after their deadline.
 */

/** Something with a deadline; `wheelBucket` is private bookkeeping of the wheel. */
export interface WheelEntry {
  readonly deadline: number;
  wheelBucket: number;
  /** Called once when the deadline passes (unless removed first). */
  expire(): void;
}

const NOT_SCHEDULED = -1;

export class TimerWheel {
  readonly #resolution: number;
  readonly #buckets = new Map<number, Set<WheelEntry>>();
  #size = 0;
  #cursor = 0;
  #interval: NodeJS.Timeout | undefined;

  constructor(resolutionMs = 10) {
    this.#resolution = resolutionMs;
  }

  /** Number of scheduled entries. */
  get size(): number {
    return this.#size;
  }

  add(entry: WheelEntry): void {
    if (entry.wheelBucket !== NOT_SCHEDULED) return;
    if (this.#interval === undefined) this.#start();
    let idx = Math.ceil(entry.deadline / this.#resolution);
    if (idx <= this.#cursor) idx = this.#cursor + 1;
    let bucket = this.#buckets.get(idx);
    if (bucket === undefined) this.#buckets.set(idx, (bucket = new Set()));
    bucket.add(entry);
    entry.wheelBucket = idx;
    this.#size++;
  }

  remove(entry: WheelEntry): void {
    const idx = entry.wheelBucket;
    if (idx === NOT_SCHEDULED) return;
    entry.wheelBucket = NOT_SCHEDULED;
    const bucket = this.#buckets.get(idx);
    if (bucket?.delete(entry)) {
      this.#size--;
      if (bucket.size === 0) this.#buckets.delete(idx);
      if (this.#size === 0) this.#stop();
    }
  }

  #start(): void {
    this.#cursor = Math.floor(Date.now() / this.#resolution);
    this.#interval = setInterval(() => this.#sweep(), this.#resolution);
    // Pending calls hold their sockets open; the wheel alone must not keep a process alive.
    this.#interval.unref();
  }

  #stop(): void {
    if (this.#interval !== undefined) clearInterval(this.#interval);
    this.#interval = undefined;
  }

  #sweep(): void {
    const now = Math.floor(Date.now() / this.#resolution);
    if (now - this.#cursor > 512) {
      // Long stall (or clock jump): visit the buckets we have rather than every index.
      for (const idx of [...this.#buckets.keys()]) if (idx <= now) this.#fire(idx);
    } else {
      for (let idx = this.#cursor + 1; idx <= now; idx++) this.#fire(idx);
    }
    this.#cursor = now;
    if (this.#size === 0) this.#stop();
  }

  #fire(idx: number): void {
    const bucket = this.#buckets.get(idx);
    if (bucket === undefined) return;
    this.#buckets.delete(idx);
    this.#size -= bucket.size;
    for (const entry of bucket) {
      entry.wheelBucket = NOT_SCHEDULED;
      try {
        entry.expire();
      } catch {
        // An expiry callback must not stop the sweep of the others.
      }
    }
  }
}

/** Initial `wheelBucket` value of an entry that is not scheduled. */
export const WHEEL_UNSCHEDULED = NOT_SCHEDULED;
