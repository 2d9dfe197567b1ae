/**
 * Cluster strategies: how many attempts a call makes, and on which errors it
 * tries another instance. A strategy is a synchronous decision taken when an
 * attempt fails, so the default path (one attempt that succeeds) costs
 * nothing: no promise, closure or object per call.
 *
 * Retry safety: an attempt whose error is marked "not processed" never ran a
 * handler (refused before it, or never sent), so any method may go elsewhere.
 * Any other error may have left side effects; only `@idempotent` methods are
 * tried again after one.
 */
import { Code } from "../codes.js";
import type { RpcError } from "../errors.js";
import type { MethodDescriptor } from "../schema/types.js";

/** When and how often a hedged call sends another attempt. */
export interface HedgePolicy {
  /** Wait this long for an answer before the next attempt, ms. */
  readonly delayMs: number;
  /** Attempts at most, the first included. */
  readonly attempts: number;
}

export interface ClusterStrategy {
  /** Shown in errors and docs, e.g. `failover(2)`. */
  readonly name: string;
  /** Set by hedging strategies: the call runs through the hedging runner (only for `@idempotent` methods). */
  readonly hedge?: HedgePolicy;
  /**
   * An attempt of `method` failed with `error` after `attempts` attempts
   * (1 after the first): send another attempt, to an instance not tried yet?
   * Called only when an untried instance may remain. Synchronous.
   */
  retry(method: MethodDescriptor, error: RpcError, attempts: number): boolean;
}

/**
 * An attempt refused before any handler ran, for a reason another instance
 * may not share: a dead or backing-off connection, GOAWAY, a server shutting
 * down or shedding load. (A not-processed INVALID_ARGUMENT would fail anywhere.)
 */
export function refusedHere(error: RpcError): boolean {
  return error.notProcessed && (error.code === Code.UNAVAILABLE || error.code === Code.RESOURCE_EXHAUSTED);
}
