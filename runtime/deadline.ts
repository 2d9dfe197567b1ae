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
 * Positional form of {@link resolveDeadline} for the per-call hot path (no
 * options object): `timeout`/`deadline` from the call, then `@timeout`, then
 * the default, capped by `inherited`.
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

/** What decides a client call's deadline, in priority order. */
export interface DeadlineSources {
  /** Call option: relative ms. */
  readonly timeout?: number | undefined;
  /** Call option: absolute epoch ms. */
  readonly deadline?: number | undefined;
  /** The method's `@timeout` (already merged with the service's). */
  readonly methodTimeoutMs?: number | undefined;
  /** The client's default timeout. */
  readonly defaultTimeoutMs: number;
  /** Deadline inherited from the handler this call is made from (never exceeded). */
  readonly inherited?: number | undefined;
}

/**
 * The absolute deadline of a client call: the call option (the earlier of
 * `timeout` and `deadline`) wins over the method's `@timeout`, which wins over
 * the client default; the result is then capped by the inherited deadline.
 */
export function resolveDeadline(src: DeadlineSources, now: number = Date.now()): number {
  return callDeadline(src.timeout, src.deadline, src.methodTimeoutMs, src.defaultTimeoutMs, src.inherited, now);
}
