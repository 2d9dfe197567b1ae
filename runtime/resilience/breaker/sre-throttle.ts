/**
 * Google SRE client-side adaptive throttling ("Handling Overload", SRE book
 * ch. 21): over a window, reject a new call locally with probability
 * max(0, (requests - K x accepts) / (requests + 1)). `requests` counts every
 * call the application attempted (locally rejected ones included), `accepts`
 * those the target accepted. There are no states: the rejection probability
 * rises smoothly as the target stops accepting and falls as it recovers.
 */
import { systemClock, type Clock } from "../clock.js";
import { RollingWindow } from "../rolling-window.js";
import type { Breaker, Outcome } from "./breaker.js";

export interface SreThrottleOptions {
  /** Multiplier K: lower is more aggressive. Default 2 (the book's value). */
  k?: number;
  /** Window length in ms. Default 60 000 (the book uses two minutes; this matches the breaker's window). */
  windowMs?: number;
  /** Buckets the window slides by. Default 60. */
  buckets?: number;
  /** Uniform random numbers in [0, 1). Default `Math.random`; tests pass a fixed sequence. */
  random?: () => number;
  clock?: Clock;
}

export const sreThrottleDefaults = { k: 2, windowMs: 60_000, buckets: 60 } as const;

const REQUESTS = 0;
const ACCEPTS = 1;

/** The SRE formula on its own: the probability of rejecting the next call. */
export function rejectProbability(requests: number, accepts: number, k: number): number {
  const p = (requests - k * accepts) / (requests + 1);
  return p > 0 ? p : 0;
}

export class SreThrottle implements Breaker {
  readonly #clock: Clock;
  readonly #window: RollingWindow;
  readonly #k: number;
  readonly #random: () => number;

  constructor(options: SreThrottleOptions = {}) {
    const o = { ...sreThrottleDefaults, ...options };
    if (!(o.k > 0)) throw new RangeError(`k must be > 0 (got ${o.k})`);
    this.#clock = options.clock ?? systemClock;
    this.#window = new RollingWindow(o.windowMs, o.buckets, 2);
    this.#k = o.k;
    this.#random = options.random ?? Math.random;
  }

  /** The current rejection probability at `now`. */
  probability(now: number = this.#clock.now()): number {
    return rejectProbability(this.#window.sum(now, REQUESTS), this.#window.sum(now, ACCEPTS), this.#k);
  }

  allow(now: number = this.#clock.now()): number {
    const p = this.probability(now);
    this.#window.add(now, REQUESTS, 1);
    if (p === 0 || this.#random() >= p) return 0;
    // No state to wait for: hint one bucket, when the window's counts next change.
    const bucket = this.#window.bucketMs;
    return Math.max(1, Math.ceil(bucket - (now % bucket)));
  }

  /** Never: the throttle refuses at random, and always lets some calls through to see recovery. */
  isOpen(): boolean {
    return false;
  }

  done(outcome: Outcome, now: number = this.#clock.now()): void {
    if (outcome === "success") this.#window.add(now, ACCEPTS, 1);
    // A call that never reached the target (or was cancelled) is taken back, so it cannot raise the rate.
    else if (outcome === "ignore") this.#window.add(now, REQUESTS, -1);
  }
}
