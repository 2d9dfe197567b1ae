/**
 * Leaky bucket as a meter (GCRA, the generic cell rate algorithm): no queue;
 * a call is admitted if it conforms to one call every `windowMs / limit` ms,
 * with `burst - 1` calls of slack. With the default burst of 1 admitted calls
 * are evenly spaced, which is why one picks it over a token bucket (the
 * arithmetic is the same; the defaults and the bookkeeping differ).
 */
import { systemClock, type Clock } from "../clock.js";
import { ADMITTED, checkLimiterOptions, retryAfter, type Limiter, type LimiterOptions } from "./limiter.js";

export class LeakyBucket implements Limiter {
  readonly #clock: Clock;
  /** Emission interval: the spacing of admitted calls at the steady rate. */
  readonly #interval: number;
  /** How far ahead of real time the schedule may run: (burst - 1) intervals. */
  readonly #tolerance: number;
  /** Theoretical arrival time of the next conforming call (a typed array, so updates never box the double). */
  readonly #tat = new Float64Array([Number.NEGATIVE_INFINITY]);

  constructor(options: LimiterOptions) {
    const { limit, windowMs } = checkLimiterOptions("leaky bucket", options);
    this.#clock = options.clock ?? systemClock;
    this.#interval = windowMs / limit;
    this.#tolerance = ((options.burst ?? 1) - 1) * this.#interval;
  }

  tryAcquire(now: number = this.#clock.now()): number {
    const tat = Math.max(this.#tat[0]!, now);
    const early = tat - now - this.#tolerance;
    if (early > 0) return retryAfter(early);
    this.#tat[0] = tat + this.#interval;
    return ADMITTED;
  }
}
