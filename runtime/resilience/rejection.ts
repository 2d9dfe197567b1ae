/**
 * The errors the resilience layer answers with. All are marked not processed
 * (the call never reached a handler, so it is safe to send elsewhere) and
 * carry a retry-after hint in their details.
 */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";

/** Details key of the retry-after hint, in whole ms as a decimal string. */
export const RETRY_AFTER_MS = "retry-after-ms";

/** Why the resilience layer refused a call (the `reason` detail). */
export type RejectReason = "rate-limited" | "shed" | "breaker-open" | "bulkhead-full";

/** A not-processed error with `reason` and, when known, the retry-after hint. */
export function rejection(code: Code, reason: RejectReason, message: string, retryAfterMs?: number): RpcError {
  const details: Record<string, string> = { reason };
  if (retryAfterMs !== undefined) details[RETRY_AFTER_MS] = String(retryAfterMs);
  return new RpcError(code, message, { notProcessed: true, details });
}

/**
 * Reported to a guard's `done` when a later guard (or the caller) stopped an
 * attempt it had admitted: CANCELLED, so breakers take no verdict from it and
 * give back a half-open probe slot.
 */
export const NOT_SENT: RpcError = new RpcError(Code.CANCELLED, "attempt not sent: a later check refused it", { notProcessed: true });

/** The retry-after hint of an error, in ms, or undefined when it has none. */
export function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof RpcError)) return undefined;
  const raw = error.details[RETRY_AFTER_MS];
  const ms = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
