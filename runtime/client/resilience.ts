/**
 * The client's availability plan: a circuit breaker per instance (or per
 * instance and method), retries with backoff and a budget shared by the
 * client, and a bulkhead per method. Built once per client; `planOf(method)`
 * returns one object per method (cached), or undefined when nothing applies to
 * that method, so the default path costs one property test per call.
 */
import { Code } from "../codes.js";
import type { RpcError } from "../errors.js";
import type { Instance } from "../registry/registry.js";
import { createBreaker, type BreakerSpec } from "../resilience/breaker/create.js";
import type { Breaker } from "../resilience/breaker/breaker.js";
import type { ErrorRateOptions } from "../resilience/breaker/error-rate.js";
import type { SreThrottleOptions } from "../resilience/breaker/sre-throttle.js";
import { checkMaxConcurrent } from "../resilience/bulkhead.js";
import { BreakerGuard } from "../resilience/guard.js";
import type { TargetScope } from "../resilience/per-target.js";
import { rejection } from "../resilience/rejection.js";
import { RetryBudget, type RetryBudgetOptions } from "../resilience/retry-budget.js";
import { RetryPolicy, type RetryOptions } from "../resilience/retry.js";
import type { MethodDescriptor } from "../schema/types.js";

/** `createClient({ breaker })`: one breaker per instance (default) or per instance and method. */
export interface ClientBreakerOptions {
  /** "error-rate" (default) or "sre" (Google SRE adaptive throttling). */
  readonly kind?: BreakerSpec["kind"];
  /** The breaker's options (`ErrorRateOptions` or `SreThrottleOptions`); defaults are the contract's. */
  readonly options?: ErrorRateOptions | SreThrottleOptions;
  /** Your own breaker per target instead of `kind`/`options`. */
  readonly create?: () => Breaker;
  /** "instance" (default): one breaker for every method of an instance; "method": one per instance and method. */
  readonly scope?: TargetScope;
}

/** `createClient({ retry })`: retries for every method (without it, only `@retry` methods retry). */
export interface ClientRetryOptions extends Omit<RetryOptions, "budget"> {
  /** The budget shared by the client's calls: options, a `RetryBudget` to share between clients, or false for none. Default 20 % + 10/s over 10 s. */
  readonly budget?: RetryBudgetOptions | RetryBudget | false;
}

/** `createClient({ bulkhead })`: calls in flight per method; the next one fails at once. */
export interface ClientBulkheadOptions {
  /** Limit for every method not named in `methods`. Default: no limit for them. */
  readonly maxConcurrent?: number;
  /** Per method, keyed `service/method`: its own limit, or false for none. */
  readonly methods?: Readonly<Record<string, number | false>>;
}

export interface ClientResilienceOptions {
  readonly breaker?: ClientBreakerOptions | false;
  readonly retry?: ClientRetryOptions | false;
  readonly bulkhead?: ClientBulkheadOptions;
}

/** What one method's calls do beyond the default path. Shared by every call of the method. */
export class CallPlan {
  /** The same plan without retries, for calls made with `retry: false` (built on first use). */
  #withoutRetry: CallPlan | undefined;

  constructor(
    readonly method: MethodDescriptor,
    readonly breakers: BreakerGuard | undefined,
    readonly retry: RetryPolicy | undefined,
    readonly budget: RetryBudget | undefined,
    /** Bulkhead size; 0: no bulkhead. */
    readonly maxConcurrent: number,
    /** Calls of the method in flight (counted only with a bulkhead); shared with {@link withoutRetry}. */
    readonly slots = { inFlight: 0 },
  ) {}

  /** This plan for a call whose options say `retry: false`: same breaker and bulkhead, no retries. */
  withoutRetry(): CallPlan {
    if (this.retry === undefined) return this;
    return (this.#withoutRetry ??= new CallPlan(this.method, this.breakers, undefined, undefined, this.maxConcurrent, this.slots));
  }

  /** A call starts: take a bulkhead slot (the refusal when full) and earn retry budget. */
  enter(): RpcError | undefined {
    if (this.maxConcurrent !== 0) {
      if (this.slots.inFlight >= this.maxConcurrent) {
        const m = this.method;
        return rejection(
          Code.RESOURCE_EXHAUSTED,
          "bulkhead-full",
          `client bulkhead full: ${this.maxConcurrent} calls of ${m.service}/${m.name} already in flight; retry later or raise bulkhead.maxConcurrent`,
        );
      }
      this.slots.inFlight++;
    }
    this.budget?.onCall();
    return undefined;
  }

  /** A call entered with {@link enter} settled. */
  leave(): void {
    if (this.maxConcurrent !== 0 && this.slots.inFlight > 0) this.slots.inFlight--;
  }

  /** Delay before another attempt after `attempts` failed ones, or -1 for none (checks attempts, safety, deadline, budget). */
  retryDelay(attempts: number, error: RpcError, deadline: number): number {
    if (this.retry === undefined) return -1;
    const decision = this.retry.decide(attempts, error, this.method, deadline, Date.now());
    return decision.retry ? decision.delayMs : -1;
  }

  /** The breaker refuses `instance` (UNAVAILABLE, not processed), or undefined. */
  admit(instance: Instance): RpcError | undefined {
    return this.breakers?.admit(instance, this.method);
  }
}

/**
 * The client-wide part, built once per client. `everyMethod` is false when
 * only `@retry` methods have a plan: the channel then skips {@link planOf}
 * for the others.
 */
export class ClientResilience {
  readonly breakers: BreakerGuard | undefined;
  readonly everyMethod: boolean;
  /** The client's `retry` option (every method), or the defaults for `@retry` methods; undefined: `retry: false`. */
  readonly #retry: RetryPolicy | undefined;
  readonly #retryAll: boolean;
  readonly #budget: RetryBudget | undefined;
  readonly #bulkhead: ClientBulkheadOptions | undefined;
  readonly #plans = new WeakMap<MethodDescriptor, CallPlan | null>();

  constructor(options: ClientResilienceOptions) {
    const b = options.breaker;
    if (b !== undefined && b !== false) {
      let create = b.create;
      if (create === undefined) {
        const spec = { kind: b.kind ?? "error-rate", options: b.options } as BreakerSpec;
        createBreaker(spec); // a bad spec throws here, at createClient, not on the first call
        create = () => createBreaker(spec);
      }
      this.breakers = new BreakerGuard(create, b.scope ?? "instance");
    }
    const r = options.retry;
    if (r !== false) {
      const budget = r?.budget;
      this.#budget = budget === false ? undefined : budget instanceof RetryBudget ? budget : new RetryBudget(budget);
      this.#retry = new RetryPolicy({ ...r, budget: this.#budget });
    }
    this.#retryAll = r !== undefined && r !== false;
    const bulkhead = options.bulkhead;
    if (bulkhead !== undefined) {
      if (bulkhead.maxConcurrent !== undefined) checkMaxConcurrent(bulkhead.maxConcurrent);
      for (const n of Object.values(bulkhead.methods ?? {})) if (n !== false) checkMaxConcurrent(n);
      this.#bulkhead = bulkhead;
    }
    this.everyMethod = this.breakers !== undefined || this.#retryAll || bulkhead !== undefined;
  }

  /** The plan of `method`, or undefined when its calls take the default path. */
  planOf(method: MethodDescriptor): CallPlan | undefined {
    let plan = this.#plans.get(method);
    if (plan === undefined) this.#plans.set(method, (plan = this.#build(method)));
    return plan ?? undefined;
  }

  #build(method: MethodDescriptor): CallPlan | null {
    const retry = this.#retryAll || method.retry !== undefined ? this.#retry : undefined;
    const own = this.#bulkhead?.methods?.[`${method.service}/${method.name}`];
    const max = own === false ? 0 : (own ?? this.#bulkhead?.maxConcurrent ?? 0);
    if (this.breakers === undefined && retry === undefined && max === 0) return null;
    return new CallPlan(method, this.breakers, retry, retry === undefined ? undefined : this.#budget, max);
  }
}
