/**
 * The rate limiter contract. A limiter is a synchronous state machine: it is
 * asked once per call and answers with a number, so the admit path allocates
 * nothing.
 */
import type { Clock } from "../clock.js";

/** What `tryAcquire` returns when the call may proceed. */
export const ADMITTED = 0;

export interface Limiter {
  /**
   * Take one permit at `now` (ms; defaults to the limiter's clock).
   * @returns {@link ADMITTED} (0) when the call may run; otherwise the call is
   *   rejected and the value (>= 1) is how many ms to wait before a permit is
   *   likely to be free: the retry-after hint.
   */
  tryAcquire(now?: number): number;
}

/** Options shared by every limiter: `limit` calls per `windowMs`. */
export interface LimiterOptions {
  /** Calls admitted per window (a rate of `limit / windowMs`). Required, > 0. */
  limit: number;
  /** Window length in ms. Default 1000 (so `limit` is calls per second). */
  windowMs?: number;
  /**
   * Token and leaky bucket only: how many calls may pass back to back before
   * the rate applies. Default: token bucket max(1, ceil(limit / 10)) (a tenth
   * of the window's worth), leaky bucket 1 (strictly spaced).
   */
  burst?: number;
  /** Time source when `tryAcquire` is called without `now`. Default the system clock. */
  clock?: Clock;
}

/** Default window: limits are per second. */
export const DEFAULT_WINDOW_MS = 1000;

/** Validate options and fill the window default. */
export function checkLimiterOptions(kind: string, options: LimiterOptions): { limit: number; windowMs: number } {
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  if (!(options.limit > 0) || !Number.isFinite(options.limit)) {
    throw new RangeError(`${kind}: limit must be a finite number > 0 (got ${options.limit})`);
  }
  if (!(windowMs > 0) || !Number.isFinite(windowMs)) {
    throw new RangeError(`${kind}: windowMs must be a finite number > 0 (got ${windowMs})`);
  }
  if (options.burst !== undefined && !(options.burst >= 1)) {
    throw new RangeError(`${kind}: burst must be >= 1 (got ${options.burst})`);
  }
  return { limit: options.limit, windowMs };
}

/** A positive wait rounded up to whole ms, never below 1 (0 means "admitted"). */
export function retryAfter(ms: number): number {
  return ms <= 1 ? 1 : Math.ceil(ms);
}
