/**
 * A retry budget shared by every call of one client: over a sliding window,
 * retries may be at most `ratio` of the calls plus `perSecond` per second, so
 * retries cannot multiply the load on a service that is already failing
 * (Finagle's RetryBudget; the contract's default is 20 % + 10/s over 10 s).
 */
import { systemClock, type Clock } from "./clock.js";
import { RollingWindow } from "./rolling-window.js";

export interface RetryBudgetOptions {
  /** Retries allowed per call made (first attempts). Default 0.2. */
  ratio?: number;
  /** Retries allowed per second whatever the traffic, so a quiet client can still retry. Default 10. */
  perSecond?: number;
  /** Window in ms. Default 10 000. */
  windowMs?: number;
  /** Buckets the window slides by. Default 10. */
  buckets?: number;
  clock?: Clock;
}

export const retryBudgetDefaults = { ratio: 0.2, perSecond: 10, windowMs: 10_000, buckets: 10 } as const;

const CALLS = 0;
const RETRIES = 1;

export class RetryBudget {
  readonly #clock: Clock;
  readonly #window: RollingWindow;
  readonly #ratio: number;
  /** The per-second allowance over the whole window. */
  readonly #reserve: number;

  constructor(options: RetryBudgetOptions = {}) {
    const o = { ...retryBudgetDefaults, ...options };
    if (!(o.ratio >= 0) || !(o.perSecond >= 0)) {
      throw new RangeError(`retry budget needs ratio >= 0 and perSecond >= 0 (got ${o.ratio}, ${o.perSecond})`);
    }
    this.#clock = options.clock ?? systemClock;
    this.#window = new RollingWindow(o.windowMs, o.buckets, 2);
    this.#ratio = o.ratio;
    this.#reserve = (o.perSecond * o.windowMs) / 1000;
  }

  /** Record a call's first attempt: it earns `ratio` of a retry. */
  onCall(now: number = this.#clock.now()): void {
    this.#window.add(now, CALLS, 1);
  }

  /** Spend one retry if the budget has one; false means do not retry. */
  tryRetry(now: number = this.#clock.now()): boolean {
    if (this.available(now) < 1) return false;
    this.#window.add(now, RETRIES, 1);
    return true;
  }

  /** Retries still allowed in the window at `now` (may be fractional). */
  available(now: number = this.#clock.now()): number {
    const calls = this.#window.sum(now, CALLS);
    const retries = this.#window.sum(now, RETRIES);
    // A tiny epsilon so 0.2 x 5 calls is one whole retry despite binary fractions.
    return this.#ratio * calls + this.#reserve - retries + 1e-9;
  }
}
