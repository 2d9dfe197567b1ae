/**
 * Fixed window: at most `limit` calls per window, windows aligned to multiples
 * of `windowMs` on the clock. The cheapest limiter; the price is that up to
 * 2 x limit calls can pass around a window boundary.
 */
import { systemClock, type Clock } from "../clock.js";
import { ADMITTED, checkLimiterOptions, retryAfter, type Limiter, type LimiterOptions } from "./limiter.js";

export class FixedWindow implements Limiter {
  readonly #clock: Clock;
  readonly #limit: number;
  readonly #windowMs: number;
  #start = Number.NEGATIVE_INFINITY;
  #count = 0;

  constructor(options: LimiterOptions) {
    const { limit, windowMs } = checkLimiterOptions("fixed window", options);
    this.#clock = options.clock ?? systemClock;
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  tryAcquire(now: number = this.#clock.now()): number {
    const start = Math.floor(now / this.#windowMs) * this.#windowMs;
    if (start > this.#start) {
      this.#start = start;
      this.#count = 0;
    }
    if (this.#count < this.#limit) {
      this.#count++;
      return ADMITTED;
    }
    return retryAfter(this.#start + this.#windowMs - now);
  }
}
