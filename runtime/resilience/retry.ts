/**
 * When and how soon to retry a failed call: exponential backoff with jitter
 * and a cap, a maximum number of attempts, never past the deadline, only for
 * errors that are safe to retry, and only while the shared budget allows.
 * Pure decisions: the caller sleeps and re-sends (the encoded request is
 * reused by the call path, not here).
 */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { MethodDescriptor } from "../schema/types.js";
import type { RetryBudget } from "./retry-budget.js";

export interface RetryOptions {
  /** Attempts in all (the first included) when the method has no `@retry(max)`. Default 3. */
  maxAttempts?: number;
  /** Delay before the first retry when the method has no `@retry(backoff)`, in ms. Default 100. */
  initialBackoffMs?: number;
  /** Growth per retry. Default 2. */
  multiplier?: number;
  /** Cap on the delay before jitter, in ms. Default 1000. */
  maxBackoffMs?: number;
  /** The delay is multiplied by a uniform factor in [low, high]. Default [0.8, 1.2]. */
  jitter?: readonly [number, number];
  /** Uniform random numbers in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Shared per client; when absent, retries are limited by attempts and deadline only. */
  budget?: RetryBudget;
}

/** No method may ask for more attempts than this, whatever `@retry(max)` says. */
export const MAX_ATTEMPTS_CAP = 5;

export const retryDefaults = {
  maxAttempts: 3,
  initialBackoffMs: 100,
  multiplier: 2,
  maxBackoffMs: 1000,
  jitter: [0.8, 1.2] as const,
} as const;

/** Why no retry: out of attempts, the error is unsafe to repeat, the deadline is too close, or no budget. */
export type StopReason = "attempts" | "not-retryable" | "deadline" | "budget";

export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly reason: StopReason };

const stops: Record<StopReason, RetryDecision> = {
  attempts: { retry: false, reason: "attempts" },
  "not-retryable": { retry: false, reason: "not-retryable" },
  deadline: { retry: false, reason: "deadline" },
  budget: { retry: false, reason: "budget" },
};

/**
 * Whether an error may be retried: any method when the server provably did
 * not process the call (`notProcessed`); idempotent methods also on
 * UNAVAILABLE (the connection broke or the server went away mid-call).
 * DEADLINE_EXCEEDED is not retried: attempts share the call's one deadline, so
 * once it has passed no attempt can succeed. Declared IDL errors, CANCELLED and
 * every other code are answers, never retried.
 */
export function isRetryable(error: unknown, idempotent: boolean): boolean {
  if (!(error instanceof RpcError)) return false;
  if (error.notProcessed) return true;
  return idempotent && error.code === Code.UNAVAILABLE;
}

export class RetryPolicy {
  readonly #maxAttempts: number;
  readonly #initial: number;
  readonly #multiplier: number;
  readonly #maxBackoff: number;
  readonly #jitterLow: number;
  readonly #jitterSpan: number;
  readonly #random: () => number;
  readonly #budget: RetryBudget | undefined;

  constructor(options: RetryOptions = {}) {
    const o = { ...retryDefaults, ...options };
    const [low, high] = o.jitter;
    if (!(low > 0 && high >= low)) throw new RangeError(`jitter must be [low, high] with 0 < low <= high (got [${low}, ${high}])`);
    if (!(o.multiplier >= 1)) throw new RangeError(`multiplier must be >= 1 (got ${o.multiplier})`);
    this.#maxAttempts = o.maxAttempts;
    this.#initial = o.initialBackoffMs;
    this.#multiplier = o.multiplier;
    this.#maxBackoff = o.maxBackoffMs;
    this.#jitterLow = low;
    this.#jitterSpan = high - low;
    this.#random = options.random ?? Math.random;
    this.#budget = options.budget;
  }

  /** Attempts allowed for `method`: its `@retry(max)` or the policy's, clamped to 1..{@link MAX_ATTEMPTS_CAP}. */
  attemptsFor(method: Pick<MethodDescriptor, "retry">): number {
    const n = method.retry?.max ?? this.#maxAttempts;
    return n < 1 ? 1 : n > MAX_ATTEMPTS_CAP ? MAX_ATTEMPTS_CAP : Math.floor(n);
  }

  /**
   * Delay before retry number `retry` (1 = the first retry): the initial
   * backoff (the method's `@retry(backoff)` or the policy's) times
   * multiplier^(retry - 1), capped at `maxBackoffMs`, then jittered (so a
   * capped delay may be up to `maxBackoffMs x high`).
   */
  backoffMs(retry: number, method: Pick<MethodDescriptor, "retry"> = {}): number {
    const initial = method.retry?.backoffMs ?? this.#initial;
    const base = Math.min(this.#maxBackoff, initial * this.#multiplier ** (retry - 1));
    return base * (this.#jitterLow + this.#jitterSpan * this.#random());
  }

  /**
   * Decide after attempt number `attempts` (1 = the first) failed with `error`
   * at `now` (epoch ms, like `deadline`: the call's absolute deadline).
   * Spends one unit of the budget (on the budget's own clock) when the answer is "retry".
   */
  decide(
    attempts: number,
    error: unknown,
    method: Pick<MethodDescriptor, "retry" | "idempotent">,
    deadline: number,
    now: number = Date.now(),
  ): RetryDecision {
    if (attempts >= this.attemptsFor(method)) return stops.attempts;
    if (!isRetryable(error, method.idempotent)) return stops["not-retryable"];
    const delayMs = this.backoffMs(attempts, method);
    if (now + delayMs >= deadline) return stops.deadline;
    if (this.#budget !== undefined && !this.#budget.tryRetry()) return stops.budget;
    return { retry: true, delayMs };
  }
}
