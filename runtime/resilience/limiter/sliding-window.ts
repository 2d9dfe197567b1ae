/**
 * Sliding window, two-window weighted estimate (the Cloudflare / nginx-style
 * approximation, not a ring of sub-windows): the admitted count of the
 * previous aligned window, weighted by how much of it still overlaps the
 * sliding window, plus the count of the current one. A call is admitted while
 * that estimate is below `limit`. Two counters, no boundary burst of 2 x limit;
 * the estimate assumes the previous window's calls were evenly spread.
 * Only admitted calls are counted, so rejected traffic does not lock a client out.
 */
import { systemClock, type Clock } from "../clock.js";
import { ADMITTED, checkLimiterOptions, retryAfter, type Limiter, type LimiterOptions } from "./limiter.js";

export class SlidingWindow implements Limiter {
  readonly #clock: Clock;
  readonly #limit: number;
  readonly #windowMs: number;
  #start = Number.NEGATIVE_INFINITY;
  #previous = 0;
  #current = 0;

  constructor(options: LimiterOptions) {
    const { limit, windowMs } = checkLimiterOptions("sliding window", options);
    this.#clock = options.clock ?? systemClock;
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  tryAcquire(now: number = this.#clock.now()): number {
    const w = this.#windowMs;
    const start = Math.floor(now / w) * w;
    if (start > this.#start) {
      // One window later the current count becomes the previous one; later than that, both are empty.
      this.#previous = start - this.#start === w ? this.#current : 0;
      this.#current = 0;
      this.#start = start;
    }
    const elapsed = now - start;
    const estimate = (this.#previous * (w - elapsed)) / w + this.#current;
    if (estimate < this.#limit) {
      this.#current++;
      return ADMITTED;
    }
    return retryAfter(this.#wait(elapsed));
  }

  /** Ms until the estimate drops below the limit, assuming no more admissions. */
  #wait(elapsed: number): number {
    const w = this.#windowMs;
    const room = this.#limit - this.#current; // what the previous window's share must fall below
    if (room > 0 && this.#previous > 0) {
      // previous * (w - e) / w < room  <=>  e > w * (1 - room / previous)
      return w * (1 - room / this.#previous) - elapsed + 1e-9;
    }
    // The current window alone is full: wait for it to become the previous one, then for its share to fall.
    return w - elapsed + w * (1 - this.#limit / this.#current) + 1e-9;
  }
}
