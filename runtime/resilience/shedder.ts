/**
 * Adaptive load shedding in the manner of BBR congestion control (as kratos'
 * ratelimit/bbr does it): a server's capacity is the most calls it completed
 * in one bucket times the shortest latency it measured (Little's law), both
 * over a rolling window. While the CPU is busy, a call that would take the
 * in-flight count past that capacity is shed. After a drop starts, the
 * capacity check stays on for a cool-off even if the CPU looks calm, so the
 * server does not flap between shedding and flooding.
 */
import { systemClock, type Clock } from "./clock.js";
import { RollingWindow } from "./rolling-window.js";

export interface ShedderOptions {
  /** CPU use in 0..1 (see cpu.ts for a real sampler). Required, so tests pass a fake. */
  cpu: () => number;
  /** CPU use at or above which the shedder checks capacity. Default 0.8. */
  cpuThreshold?: number;
  /** Window for the pass and latency measurements, in ms. Default 10 000. */
  windowMs?: number;
  /** Buckets in the window. Default 100 (100 ms each). */
  buckets?: number;
  /** How long after a drop starts the capacity check stays on, in ms. Default 1000. */
  coolOffMs?: number;
  clock?: Clock;
}

export const shedderDefaults = { cpuThreshold: 0.8, windowMs: 10_000, buckets: 100, coolOffMs: 1000 } as const;

const PASS = 0;
const LATENCY = 1;
/** Shedding never goes below this many calls in flight, so a server without history can still measure. */
const FLOOR = 2;

export class Shedder {
  readonly #cpu: () => number;
  readonly #clock: Clock;
  readonly #window: RollingWindow;
  readonly #threshold: number;
  readonly #coolOffMs: number;
  #inFlight = 0;
  /** When the current drop episode started (undefined: not dropping). */
  #dropSince: number | undefined;
  /** Capacity and min latency, computed once per bucket. */
  #cachedAt = Number.NaN;
  #capacity = 0;
  #minLatency = 1;

  constructor(options: ShedderOptions) {
    const o = { ...shedderDefaults, ...options };
    this.#cpu = options.cpu;
    this.#clock = options.clock ?? systemClock;
    this.#window = new RollingWindow(o.windowMs, o.buckets, 2);
    this.#threshold = o.cpuThreshold;
    this.#coolOffMs = o.coolOffMs;
  }

  /** Calls admitted and not yet done. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Admit one call at `now`.
   * @returns 0 when admitted (call `done` when it ends); otherwise shed, with
   *   a retry-after hint in ms (the shortest measured latency: about when a
   *   slot frees).
   */
  admit(now: number = this.#clock.now()): number {
    if (this.#shouldDrop(now)) return this.#minLatency < 1 ? 1 : Math.ceil(this.#minLatency);
    this.#inFlight++;
    return 0;
  }

  /** An admitted call ended after `latencyMs`. */
  done(latencyMs: number, now: number = this.#clock.now()): void {
    if (this.#inFlight > 0) this.#inFlight--;
    this.#window.add(now, PASS, 1);
    this.#window.add(now, LATENCY, latencyMs);
  }

  /** Calls the server can hold at once by the current measurements: max pass per bucket x min latency / bucket. */
  capacity(now: number = this.#clock.now()): number {
    this.#measure(now);
    return this.#capacity;
  }

  #shouldDrop(now: number): boolean {
    if (this.#cpu() < this.#threshold) {
      if (this.#dropSince === undefined) return false;
      if (now - this.#dropSince <= this.#coolOffMs) return this.#overCapacity(now);
      this.#dropSince = undefined;
      return false;
    }
    const drop = this.#overCapacity(now);
    if (drop && this.#dropSince === undefined) this.#dropSince = now;
    return drop;
  }

  #overCapacity(now: number): boolean {
    this.#measure(now);
    const limit = this.#capacity > FLOOR ? this.#capacity : FLOOR;
    return this.#inFlight >= limit;
  }

  /** Completed buckets only: the current one is still filling. */
  #measure(now: number): void {
    this.#window.roll(now);
    const head = this.#window.head;
    if (head === this.#cachedAt) return;
    let maxPass = 0;
    let minLatency = Number.POSITIVE_INFINITY;
    for (let age = 1; age < this.#window.buckets; age++) {
      const pass = this.#window.at(age, PASS);
      if (pass === 0) continue;
      if (pass > maxPass) maxPass = pass;
      const latency = this.#window.at(age, LATENCY) / pass;
      if (latency < minLatency) minLatency = latency;
    }
    this.#minLatency = minLatency === Number.POSITIVE_INFINITY ? 1 : Math.ceil(minLatency);
    this.#capacity = Math.floor((maxPass * this.#minLatency) / this.#window.bucketMs + 0.5);
    this.#cachedAt = head;
  }
}
