/**
 * The circuit breaker contract: asked before each call to one target (an
 * instance, or an instance's method), told how the call ended. Synchronous,
 * and allocation-free on the allow path.
 */
import { Code } from "../../codes.js";
import { RpcError } from "../../errors.js";

/**
 * How a call ended, as a breaker sees it: `success` (the target answered, a
 * business error included), `failure` (the target looks unhealthy), `ignore`
 * (no verdict: the caller cancelled, or a later local check stopped the call
 * before it was sent; a half-open probe slot is given back).
 */
export type Outcome = "success" | "failure" | "ignore";

export interface Breaker {
  /**
   * Ask to send one call at `now` (ms; defaults to the breaker's clock).
   * @returns 0 when the call may go; otherwise it is rejected and the value
   *   (>= 1) is a retry-after hint in ms.
   */
  allow(now?: number): number;
  /** Report the outcome of a call that `allow` admitted. */
  done(outcome: Outcome, now?: number): void;
  /**
   * True when `allow` at `now` would certainly refuse, without changing any
   * state (no probe is taken): what a balancer asks to skip an instance.
   */
  isOpen(now?: number): boolean;
}

/** The codes that count against a target: it is down, overloaded, too slow or broken. */
const failureCodes: ReadonlySet<string> = new Set([
  Code.UNAVAILABLE,
  Code.DEADLINE_EXCEEDED,
  Code.RESOURCE_EXHAUSTED,
  Code.INTERNAL,
  Code.UNKNOWN,
]);

/**
 * Map a call's result to an outcome: no error or any error that is not an
 * RpcError (a declared IDL error: the target answered) is a success;
 * CANCELLED says nothing about the target; UNAVAILABLE, DEADLINE_EXCEEDED,
 * RESOURCE_EXHAUSTED, INTERNAL and UNKNOWN are failures; other codes
 * (INVALID_ARGUMENT, NOT_FOUND, ...) are the caller's problem, so successes.
 */
export function outcomeOf(error: unknown): Outcome {
  if (error === undefined || !(error instanceof RpcError)) return "success";
  if (error.code === Code.CANCELLED) return "ignore";
  return failureCodes.has(error.code) ? "failure" : "success";
}
