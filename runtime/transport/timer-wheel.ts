/**
 * A coarse hashed timer wheel for per-call deadlines: one shared interval
 * (only while entries exist) instead of one `setTimeout` per call. Entries
 * fire at or up to one resolution step after their deadline.
 *
 * Hot-path shape: entries are linked into their slot's list through fields
 * on the entry itself, so add and remove cost a few pointer writes (no Map,
 * no Set, no allocation per call). The interval is stopped lazily, by a sweep
 * that finds the wheel empty, so one call at a time does not start and stop
 * a timer per call.
 */

/** Something with a deadline; the `wheel*` fields are private bookkeeping of the wheel. */
export interface WheelEntry {
  readonly deadline: number;
  /** The tick the entry is due at, or WHEEL_UNSCHEDULED. */
  wheelBucket: number;
  /** Neighbours in the slot's list (set by the wheel). */
  wheelNext?: WheelEntry | undefined;
  wheelPrev?: WheelEntry | undefined;
  /** Called once when the deadline passes (unless removed first). */
  expire(): void;
}

const NOT_SCHEDULED = -1;
/** Slots of the ring (a power of two); entries further out wait in their slot until due. */
const SLOTS = 512;
const MASK = SLOTS - 1;

export class TimerWheel {
  readonly #resolution: number;
  readonly #heads: (WheelEntry | undefined)[] = new Array<WheelEntry | undefined>(SLOTS).fill(undefined);
  readonly #tails: (WheelEntry | undefined)[] = new Array<WheelEntry | undefined>(SLOTS).fill(undefined);
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
    entry.wheelBucket = idx;
    const slot = idx & MASK;
    const tail = this.#tails[slot];
    entry.wheelNext = undefined;
    entry.wheelPrev = tail;
    if (tail === undefined) this.#heads[slot] = entry;
    else tail.wheelNext = entry;
    this.#tails[slot] = entry;
    this.#size++;
  }

  remove(entry: WheelEntry): void {
    const idx = entry.wheelBucket;
    if (idx === NOT_SCHEDULED) return;
    this.#unlink(entry);
    this.#size--;
  }

  #unlink(entry: WheelEntry): void {
    const slot = entry.wheelBucket & MASK;
    const { wheelNext: next, wheelPrev: prev } = entry;
    if (prev === undefined) this.#heads[slot] = next;
    else prev.wheelNext = next;
    if (next === undefined) this.#tails[slot] = prev;
    else next.wheelPrev = prev;
    entry.wheelNext = entry.wheelPrev = undefined;
    entry.wheelBucket = NOT_SCHEDULED;
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
    if (this.#size === 0) {
      this.#stop();
      return;
    }
    const now = Math.floor(Date.now() / this.#resolution);
    // A long stall (or clock jump) covers the whole ring: visit every slot once.
    const from = now - this.#cursor >= SLOTS ? now - SLOTS + 1 : this.#cursor + 1;
    this.#cursor = now;
    for (let idx = from; idx <= now; idx++) this.#fire(idx & MASK, now);
  }

  #fire(slot: number, now: number): void {
    let entry = this.#heads[slot];
    while (entry !== undefined) {
      const next = entry.wheelNext;
      if (entry.wheelBucket <= now) {
        this.#unlink(entry);
        this.#size--;
        try {
          entry.expire();
        } catch {
          // An expiry callback must not stop the sweep of the others.
        }
      }
      // An expire() may remove other entries: when it removed `next`, start the slot over.
      entry = next === undefined || next.wheelBucket !== NOT_SCHEDULED ? next : this.#heads[slot];
    }
  }
}

/** Initial `wheelBucket` value of an entry that is not scheduled. */
export const WHEEL_UNSCHEDULED = NOT_SCHEDULED;
