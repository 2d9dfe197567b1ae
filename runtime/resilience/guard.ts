/**
 * Client-side guards: per-attempt checks on the instance the balancer picked
 * (breakers, client limiters, bulkheads). Synchronous, and they never see the
 * client: only the instance record and the method.
 */
import { Code } from "../codes.js";
import type { RpcError } from "../errors.js";
import { instanceKey, type Instance } from "../registry/registry.js";
import type { MethodDescriptor } from "../schema/types.js";
import { outcomeOf, type Breaker } from "./breaker/breaker.js";
import { checkMaxConcurrent } from "./bulkhead.js";
import type { Limiter } from "./limiter/limiter.js";
import { PerTarget, type TargetScope } from "./per-target.js";
import { NOT_SENT, rejection } from "./rejection.js";

/**
 * `now` (epoch ms) is optional everywhere: a call path that already read the
 * clock for the deadline passes it, which saves a clock read per check.
 */
export interface Guard {
  /** Before an attempt: undefined lets it go; an error (not processed) refuses it. */
  admit(instance: Instance, method: MethodDescriptor, now?: number): RpcError | undefined;
  /** After an admitted attempt: how it ended (undefined on success) and how long it took. */
  done(instance: Instance, method: MethodDescriptor, error: RpcError | undefined, latencyMs: number, now?: number): void;
}

function target(instance: Instance, method: MethodDescriptor): string {
  return `${instanceKey(instance)} (${method.service}.${method.name})`;
}

/** A circuit breaker per instance (default) or per instance and method. */
export class BreakerGuard implements Guard {
  readonly #breakers: PerTarget<Breaker>;

  /** `create` makes one breaker, e.g. `() => new ErrorRateBreaker()`. */
  constructor(create: () => Breaker, scope: TargetScope = "instance") {
    this.#breakers = new PerTarget(create, scope);
  }

  admit(instance: Instance, method: MethodDescriptor, now?: number): RpcError | undefined {
    const wait = this.#breakers.get(instance, method).allow(now);
    if (wait === 0) return undefined;
    return rejection(
      Code.UNAVAILABLE,
      "breaker-open",
      `circuit breaker open for ${target(instance, method)}: retry after ${wait} ms or use another instance`,
      wait,
    );
  }

  done(instance: Instance, method: MethodDescriptor, error: RpcError | undefined, _latencyMs?: number, now?: number): void {
    this.#breakers.get(instance, method).done(outcomeOf(error), now);
  }

  /**
   * True when the instance's breaker would refuse at `now` (no state changes):
   * a balancer or router filters these out, and when every instance is open
   * the call fails fast, not processed.
   */
  isOpen(instance: Instance, method: MethodDescriptor, now?: number): boolean {
    return this.#breakers.get(instance, method).isOpen(now);
  }

  /** Forget instances that left the view. */
  retain(live: readonly Instance[]): void {
    this.#breakers.retain(live);
  }
}

/** A client-side rate limit per instance (default) or per instance and method. */
export class LimiterGuard implements Guard {
  readonly #limiters: PerTarget<Limiter>;

  constructor(create: () => Limiter, scope: TargetScope = "instance") {
    this.#limiters = new PerTarget(create, scope);
  }

  admit(instance: Instance, method: MethodDescriptor, now?: number): RpcError | undefined {
    const wait = this.#limiters.get(instance, method).tryAcquire(now);
    if (wait === 0) return undefined;
    return rejection(
      Code.RESOURCE_EXHAUSTED,
      "rate-limited",
      `client rate limit reached for ${target(instance, method)}: retry after ${wait} ms`,
      wait,
    );
  }

  done(): void {}
}

/** At most `maxConcurrent` attempts in flight per instance (default) or per instance and method. */
export class BulkheadGuard implements Guard {
  readonly #inUse: PerTarget<{ n: number }>;
  readonly #max: number;

  constructor(maxConcurrent: number, scope: TargetScope = "instance") {
    this.#inUse = new PerTarget(() => ({ n: 0 }), scope);
    this.#max = checkMaxConcurrent(maxConcurrent);
  }

  admit(instance: Instance, method: MethodDescriptor): RpcError | undefined {
    const slot = this.#inUse.get(instance, method);
    if (slot.n < this.#max) {
      slot.n++;
      return undefined;
    }
    return rejection(Code.RESOURCE_EXHAUSTED, "bulkhead-full", `${this.#max} calls already in flight to ${target(instance, method)}`);
  }

  done(instance: Instance, method: MethodDescriptor): void {
    const slot = this.#inUse.get(instance, method);
    if (slot.n > 0) slot.n--;
  }
}

/**
 * Several guards as one, asked in order. When one refuses, those before it
 * that had admitted the attempt are told it was not sent ({@link NOT_SENT}),
 * so a breaker's probe slot or a bulkhead slot is given back.
 */
export function guards(...list: Guard[]): Guard {
  return {
    admit(instance, method, now) {
      for (let i = 0; i < list.length; i++) {
        const refused = list[i]!.admit(instance, method, now);
        if (refused === undefined) continue;
        for (let j = 0; j < i; j++) list[j]!.done(instance, method, NOT_SENT, 0, now);
        return refused;
      }
      return undefined;
    },
    done(instance, method, error, latencyMs, now) {
      for (const g of list) g.done(instance, method, error, latencyMs, now);
    },
  };
}
