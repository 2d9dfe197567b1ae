/**
 * Per-method bulkheads and limiters as ordinary middleware, for either side
 * of a call today. They hold no reference to a client or server: only the
 * state they were built with. (The server's admission path, before decode,
 * uses `ServerAdmission` instead: middleware runs after decoding.)
 */
import { Code } from "../codes.js";
import type { Middleware } from "../middleware/types.js";
import type { MethodDescriptor } from "../schema/types.js";
import { Bulkhead, type BulkheadOptions } from "./bulkhead.js";
import type { Limiter } from "./limiter/limiter.js";
import { rejection } from "./rejection.js";

function name(method: MethodDescriptor): string {
  return `${method.service}.${method.name}`;
}

/** At most `maxConcurrent` calls of each method in progress; the excess fails at once, not processed. */
export function bulkheadMiddleware(options: BulkheadOptions): Middleware {
  const bulkhead = new Bulkhead<MethodDescriptor>(options);
  return (next) => async (call) => {
    if (!bulkhead.tryAcquire(call.method)) {
      throw rejection(
        Code.RESOURCE_EXHAUSTED,
        "bulkhead-full",
        `${bulkhead.maxConcurrent} calls of ${name(call.method)} already in progress: retry later or raise maxConcurrent`,
      );
    }
    try {
      return await next(call);
    } finally {
      bulkhead.release(call.method);
    }
  };
}

/** One limiter per method (from `create`); a refused call fails at once, not processed, with a retry-after. */
export function limiterMiddleware(create: () => Limiter): Middleware {
  const limiters = new WeakMap<MethodDescriptor, Limiter>();
  return (next) => (call) => {
    let limiter = limiters.get(call.method);
    if (limiter === undefined) limiters.set(call.method, (limiter = create()));
    const wait = limiter.tryAcquire();
    if (wait !== 0) {
      return Promise.reject(
        rejection(Code.RESOURCE_EXHAUSTED, "rate-limited", `rate limit of ${name(call.method)} reached: retry after ${wait} ms`, wait),
      );
    }
    return next(call);
  };
}
