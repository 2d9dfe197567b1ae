/**
 * The call context that flows through async code (AsyncLocalStorage): a
 * client call made inside a handler inherits the handler's remaining deadline,
 * its propagated metadata and its cancellation, without passing anything by
 * hand.
 *
 * Propagation rule: every metadata key the server received is propagated by
 * default; a server may narrow this with its `propagateMetadata` option. When
 * the handler's `ctx.signal` aborts (the caller cancelled, the deadline
 * passed, the server shuts down), calls made inside it are cancelled too.
 * `detachContext` runs work without the inherited deadline, metadata and
 * cancellation; `withDeadline` resets the deadline (it may extend it: work
 * that must outlive the caller's deadline uses it on purpose) and therefore
 * drops the inherited cancellation as well.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Metadata } from "./call.js";

/** What a downstream call inherits. */
export interface PropagatedContext {
  /** Absolute deadline (epoch ms); undefined when none applies. */
  readonly deadline?: number | undefined;
  /** Metadata forwarded to downstream calls. */
  readonly metadata: Readonly<Metadata>;
  /** Aborts when the upstream call ends early; calls made here are cancelled with it. */
  readonly signal?: AbortSignal | undefined;
}

const storage = new AsyncLocalStorage<PropagatedContext>();
const EMPTY: PropagatedContext = Object.freeze({ deadline: undefined, metadata: Object.freeze({}), signal: undefined });

/**
 * What a call made here would inherit (a snapshot: deadline, metadata and
 * signal of the handler or `withDeadline` block the caller runs in), if any.
 */
export function currentContext(): PropagatedContext | undefined {
  const c = storage.getStore();
  return c === undefined ? undefined : { deadline: c.deadline, metadata: c.metadata, signal: c.signal };
}

/** The inherited context object itself, for the client's hot path (no copy). */
export function inheritedContext(): PropagatedContext | undefined {
  return storage.getStore();
}

/** Run `fn` with `ctx` as the inherited context of every call it makes. */
export function runWithContext<T>(ctx: PropagatedContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** {@link runWithContext} with arguments passed through (no closure per call on hot paths). */
export function runInContext<A, B, T>(ctx: PropagatedContext, fn: (a: A, b: B) => T, a: A, b: B): T {
  return storage.run(ctx, fn, a, b);
}

/** Run `fn` without any inherited deadline, metadata or cancellation (e.g. background work started by a handler). */
export function detachContext<T>(fn: () => T): T {
  return storage.run(EMPTY, fn);
}

/** A new deadline for {@link withDeadline}: relative (`timeout` ms) or absolute (`deadline` epoch ms). */
export type DeadlineSpec = number | { readonly timeout?: number; readonly deadline?: number };

/**
 * Run `fn` with a new inherited deadline, replacing (not capping) the current
 * one; metadata is kept, the upstream cancellation is not (the work may
 * outlive the caller). A number is a relative timeout in ms.
 */
export function withDeadline<T>(spec: DeadlineSpec, fn: () => T): T {
  const now = Date.now();
  let deadline: number | undefined;
  if (typeof spec === "number") deadline = now + spec;
  else {
    const rel = spec.timeout === undefined ? undefined : now + spec.timeout;
    deadline = rel === undefined ? spec.deadline : spec.deadline === undefined ? rel : Math.min(rel, spec.deadline);
  }
  const current = storage.getStore();
  return storage.run({ deadline, metadata: current?.metadata ?? EMPTY.metadata }, fn);
}
