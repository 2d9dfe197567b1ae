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
  /** [level, last refill time]: a typed array, so updating the doubles never boxes them. */
  readonly #state = new Float64Array([0, Number.NEGATIVE_INFINITY]);

  /** Starts full. */
  constructor(options: LimiterOptions) {
    const { limit, windowMs } = checkLimiterOptions("token bucket", options);
    const burst = options.burst ?? Math.max(1, Math.ceil(limit / 10));
    this.#clock = options.clock ?? systemClock;
    this.#limit = limit;
    this.#cost = windowMs;
    this.#capacity = burst * windowMs;
    this.#state[0] = this.#capacity;
  }

  tryAcquire(now: number = this.#clock.now()): number {
    const state = this.#state;
    let level = state[0]!;
    const last = state[1]!;
    if (now > last) {
      // Each elapsed ms adds `limit` units; one token is `windowMs` units.
      if (last !== Number.NEGATIVE_INFINITY) {
        // Math.min, not a branch: merging a double with a large constant field boxes it in V8.
        level = Math.min(level + (now - last) * this.#limit, this.#capacity);
      }
      state[1] = now;
    }
    if (level >= this.#cost) {
      state[0] = level - this.#cost;
      return ADMITTED;
    }
    state[0] = level;
    return retryAfter((this.#cost - level) / this.#limit);
  }

  /** Whole tokens available at the last `tryAcquire`. */
  get tokens(): number {
    return Math.floor(this.#state[0]! / this.#cost);
  }
}
