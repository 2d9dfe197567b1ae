/**
 * Token bucket: tokens drip in at `limit / windowMs`, up to `burst`; a call
 * takes one. Allows short bursts, then the steady rate.
 */
import { systemClock, type Clock } from "../clock.js";
import { ADMITTED, checkLimiterOptions, retryAfter, type Limiter, type LimiterOptions } from "./limiter.js";

export class TokenBucket implements Limiter {
  readonly #clock: Clock;
  /** Level and capacity are kept in token x windowMs units, so integer rates stay exact. */
  readonly #capacity: number;
  readonly #cost: number;
  readonly #limit: number;
  #level: number;
  #last = Number.NEGATIVE_INFINITY;

  /** Starts full. */
  constructor(options: LimiterOptions) {
    const { limit, windowMs } = checkLimiterOptions("token bucket", options);
    const burst = options.burst ?? Math.max(1, Math.ceil(limit / 10));
    this.#clock = options.clock ?? systemClock;
    this.#limit = limit;
    this.#cost = windowMs;
    this.#capacity = burst * windowMs;
    this.#level = this.#capacity;
  }

  tryAcquire(now: number = this.#clock.now()): number {
    if (now > this.#last) {
      // Each elapsed ms adds `limit` units; one token is `windowMs` units.
      if (this.#last !== Number.NEGATIVE_INFINITY) {
        const level = this.#level + (now - this.#last) * this.#limit;
        this.#level = level > this.#capacity ? this.#capacity : level;
      }
      this.#last = now;
    }
    if (this.#level >= this.#cost) {
      this.#level -= this.#cost;
      return ADMITTED;
    }
    return retryAfter((this.#cost - this.#level) / this.#limit);
  }

  /** Whole tokens available at the last `tryAcquire`. */
  get tokens(): number {
    return Math.floor(this.#level / this.#cost);
  }
}
