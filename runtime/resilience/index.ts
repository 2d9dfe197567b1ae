/**
 * The resilience building blocks: limiters, the shedder, breakers, retries,
 * the retry budget and bulkheads as synchronous state machines on an
 * injectable clock, plus the `Guard` (client, per attempt) and `Admission`
 * (server, before decode) adapters the call path plugs in.
 */
export { systemClock, type Clock } from "./clock.js";
export { ADMITTED, type Limiter, type LimiterOptions } from "./limiter/limiter.js";
export { TokenBucket } from "./limiter/token-bucket.js";
export { LeakyBucket } from "./limiter/leaky-bucket.js";
export { FixedWindow } from "./limiter/fixed-window.js";
export { SlidingWindow } from "./limiter/sliding-window.js";
export { createLimiter, limiterKinds, type LimiterKind } from "./limiter/create.js";
export { Shedder, shedderDefaults, type ShedderOptions } from "./shedder.js";
export { CpuSampler, cpuFraction, loadAverageSignal, type CpuSamplerOptions } from "./cpu.js";
export { outcomeOf, type Breaker, type Outcome } from "./breaker/breaker.js";
export { ErrorRateBreaker, errorRateDefaults, type BreakerState, type ErrorRateOptions } from "./breaker/error-rate.js";
export { breakerKinds, createBreaker, type BreakerSpec } from "./breaker/create.js";
export { rejectProbability, SreThrottle, sreThrottleDefaults, type SreThrottleOptions } from "./breaker/sre-throttle.js";
export { isRetryable, MAX_ATTEMPTS_CAP, retryDefaults, RetryPolicy, type RetryDecision, type RetryOptions, type StopReason } from "./retry.js";
export { RetryBudget, retryBudgetDefaults, type RetryBudgetOptions } from "./retry-budget.js";
export { Bulkhead, type BulkheadOptions } from "./bulkhead.js";
export { BreakerGuard, BulkheadGuard, guards, LimiterGuard, type Guard } from "./guard.js";
export { isRefusal, ServerAdmission, type Admission, type ServerAdmissionOptions, type Ticket } from "./admission.js";
export { bulkheadMiddleware, limiterMiddleware } from "./middleware.js";
export { NOT_SENT, rejection, RETRY_AFTER_MS, retryAfterOf, type RejectReason } from "./rejection.js";
export type { TargetScope } from "./per-target.js";
