/**
 * Fallbacks: a per-method function the generated client calls instead of
 * failing when a call was refused before any handler ran for availability
 * reasons (an open breaker, a client or server limiter, shedding, a full
 * bulkhead). Never for declared IDL errors or other failures.
 */
import { msgpackSerializer } from "../codec/msgpack.js";
import { decodeResult, encodeResult } from "../codec/args.js";
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { MethodDescriptor } from "../schema/types.js";

/** The value to answer with instead of `error`: the method's result in its write shape (defaults may be left out). */
export type Fallback<Request, Result> = (request: Request, error: RpcError) => Result | Promise<Result>;

const REASONS: ReadonlySet<string> = new Set(["breaker-open", "rate-limited", "shed", "bulkhead-full"]);

/** True when `error` is a refusal a fallback answers: not processed, with reason breaker-open, rate-limited, shed or bulkhead-full. */
export function fallbackApplies(error: unknown): error is RpcError {
  if (!(error instanceof RpcError) || !error.notProcessed) return false;
  const reason = error.details["reason"];
  return reason !== undefined && REASONS.has(reason);
}

/**
 * `call`, or the fallback's value when it fails with a refusal
 * ({@link fallbackApplies}). The value goes through the result's schema, as
 * a reply would: defaults are applied and a value of the wrong type fails
 * with INTERNAL naming the fallback. Without a fallback, `call` itself.
 */
export function withFallback<T>(call: Promise<T>, method: MethodDescriptor, request: unknown, fallback: Fallback<never, unknown> | undefined): Promise<T> {
  if (fallback === undefined) return call;
  return call.catch(async (error: unknown) => {
    if (!fallbackApplies(error)) throw error;
    const value = await (fallback as Fallback<unknown, unknown>)(request ?? {}, error);
    try {
      return decodeResult(msgpackSerializer, method, encodeResult(msgpackSerializer, method, value)) as T;
    } catch (cause) {
      throw new RpcError(
        Code.INTERNAL,
        `the fallback of ${method.service}/${method.name} returned a value that does not fit the result type: ${(cause as Error).message}`,
        { cause },
      );
    }
  });
}
