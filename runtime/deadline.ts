/**
 * Deadlines are absolute instants (epoch ms) inside the runtime, combined with
 * `min`, and travel on the wire as remaining milliseconds so that clock skew
 * between hosts does not matter.
 */

/** Deadline used when neither the call, the method nor the client sets one. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** The earliest of the given deadlines; undefined when none is set. */
export function minDeadline(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

/** Milliseconds left until `deadline`, never negative, rounded up so 0 means "passed". */
export function remainingMs(deadline: number, now: number = Date.now()): number {
  const left = deadline - now;
  return left <= 0 ? 0 : Math.ceil(left);
}

/**
 * The absolute deadline of a client call, positional for the per-call hot path
 * (no options object): the call option (the earlier of `timeout` and
 * `deadline`) wins over the method's `@timeout` (already merged with the
 * service's), which wins over the client default; the result is then capped by
 * the deadline inherited from the handler the call is made from.
 */
export function callDeadline(
  timeout: number | undefined,
  deadline: number | undefined,
  methodTimeoutMs: number | undefined,
  defaultTimeoutMs: number,
  inherited: number | undefined,
  now: number,
): number {
  let own: number;
  if (timeout !== undefined) {
    own = now + (timeout > 0 ? timeout : 0);
    if (deadline !== undefined && deadline < own) own = deadline;
  } else if (deadline !== undefined) {
    own = deadline;
  } else if (methodTimeoutMs !== undefined && methodTimeoutMs > 0) {
    own = now + methodTimeoutMs;
  } else {
    own = now + defaultTimeoutMs;
  }
  return inherited !== undefined && inherited < own ? inherited : own;
}
