/**
 * The classic circuit breaker: closed -> open when the error rate over a
 * sliding window reaches a threshold with enough volume; open -> half-open
 * after `openMs`; half-open lets `probes` calls through: `probes` successes
 * close it, one failure opens it again.
 */
import { systemClock, type Clock } from "../clock.js";
import { retryAfter } from "../limiter/limiter.js";
import { RollingWindow } from "../rolling-window.js";
import type { Breaker, Outcome } from "./breaker.js";

export type BreakerState = "closed" | "open" | "half-open";

export interface ErrorRateOptions {
  /** Calls the window must hold before the rate is judged. Default 20. */
  minimumCalls?: number;
  /** Failure fraction (0..1] that opens the breaker. Default 0.5. */
  errorRate?: number;
  /** Sliding window length in ms. Default 60 000. */
  windowMs?: number;
  /** Buckets the window slides by. Default 10 (6 s each at the default window). */
  buckets?: number;
  /** How long the breaker stays open before probing, in ms. Default 10 000. */
  openMs?: number;
  /** Probe calls let through while half-open; this many successes close it. Default 1. */
  probes?: number;
  /** Told of every state change (metrics, logs). */
  onStateChange?: (from: BreakerState, to: BreakerState, now: number) => void;
  clock?: Clock;
}

/** The contract's defaults: at least 20 calls, 50 % errors, 60 s window, 10 s open. */
export const errorRateDefaults = {
  minimumCalls: 20,
  errorRate: 0.5,
  windowMs: 60_000,
  buckets: 10,
  openMs: 10_000,
  probes: 1,
} as const;

const CALLS = 0;
const FAILURES = 1;

export class ErrorRateBreaker implements Breaker {
  readonly #clock: Clock;
  readonly #window: RollingWindow;
  readonly #minimumCalls: number;
  readonly #errorRate: number;
  readonly #openMs: number;
  readonly #probes: number;
  readonly #onStateChange: ErrorRateOptions["onStateChange"];
  #state: BreakerState = "closed";
  #openedAt = 0;
  #probesInFlight = 0;
  #probeSuccesses = 0;

  constructor(options: ErrorRateOptions = {}) {
    const o = { ...errorRateDefaults, ...options };
    if (!(o.errorRate > 0 && o.errorRate <= 1)) throw new RangeError(`errorRate must be in (0, 1] (got ${o.errorRate})`);
    if (!(o.minimumCalls >= 1)) throw new RangeError(`minimumCalls must be >= 1 (got ${o.minimumCalls})`);
    if (!(o.probes >= 1) || !Number.isInteger(o.probes)) throw new RangeError(`probes must be an integer >= 1 (got ${o.probes})`);
    if (!(o.openMs >= 0)) throw new RangeError(`openMs must be >= 0 (got ${o.openMs})`);
    this.#clock = options.clock ?? systemClock;
    this.#window = new RollingWindow(o.windowMs, o.buckets, 2);
    this.#minimumCalls = o.minimumCalls;
    this.#errorRate = o.errorRate;
    this.#openMs = o.openMs;
    this.#probes = o.probes;
    this.#onStateChange = options.onStateChange;
  }

  /** The state at the last `allow` or `done` (open turns half-open only when asked). */
  get state(): BreakerState {
    return this.#state;
  }

  allow(at?: number): number {
    // Closed (the common case) needs no time: no clock read.
    if (this.#state === "closed") return 0;
    const now = at ?? this.#clock.now();
    if (this.#state === "open") {
      const left = this.#openedAt + this.#openMs - now;
      if (left > 0) return retryAfter(left);
      this.#probesInFlight = 0;
      this.#probeSuccesses = 0;
      this.#move("half-open", now);
    }
    if (this.#probesInFlight + this.#probeSuccesses < this.#probes) {
      this.#probesInFlight++;
      return 0;
    }
    // Every probe is out: the earliest change is a probe failing and the breaker staying open again.
    return retryAfter(this.#openMs);
  }

  isOpen(now?: number): boolean {
    if (this.#state === "closed") return false;
    if (this.#state === "open") return this.#openedAt + this.#openMs > (now ?? this.#clock.now());
    return this.#probesInFlight + this.#probeSuccesses >= this.#probes;
  }

  done(outcome: Outcome, now: number = this.#clock.now()): void {
    if (this.#state === "closed") {
      if (outcome === "ignore") return;
      this.#window.add(now, CALLS, 1);
      if (outcome === "success") return;
      this.#window.add(now, FAILURES, 1);
      const calls = this.#window.sum(now, CALLS);
      if (calls >= this.#minimumCalls && this.#window.sum(now, FAILURES) >= this.#errorRate * calls) this.#open(now);
      return;
    }
    // Open: late results of calls sent while closed say nothing new. Half-open: only probes count.
    if (this.#state === "open" || this.#probesInFlight === 0) return;
    this.#probesInFlight--;
    if (outcome === "failure") {
      this.#open(now);
    } else if (outcome === "success" && ++this.#probeSuccesses >= this.#probes) {
      this.#window.reset();
      this.#move("closed", now);
    }
  }

  #open(now: number): void {
    this.#openedAt = now;
    this.#move("open", now);
  }

  #move(to: BreakerState, now: number): void {
    const from = this.#state;
    this.#state = to;
    this.#onStateChange?.(from, to, now);
  }
}
