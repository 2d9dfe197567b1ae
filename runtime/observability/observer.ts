/**
 * The per-call observer: a synchronous hook the client and the server call as
 * calls start and finish, connections open and close, and calls are refused.
 * Metrics adapters (runtime/observability/prometheus.ts) implement it. The
 * runtime holds one observer or none: with none, each hook site is a single
 * `!== undefined` check and nothing is allocated.
 */
import { RpcError, IdlError } from "../errors.js";
import type { MethodDescriptor } from "../schema/types.js";

/** Which end of a call is reporting. */
export type Side = "client" | "server";

/**
 * Why a call was refused before any handler ran: `"shutdown"` (the server is
 * draining), `"concurrency-limit"` (too many calls on one connection),
 * `"metadata-limit"` (request metadata over the limits), or the resilience
 * layer's reasons: `"rate-limited"`, `"shed"`, `"bulkhead-full"`, `"breaker-open"`.
 */
export type RefusalReason = "shutdown" | "concurrency-limit" | "metadata-limit" | "rate-limited" | "shed" | "bulkhead-full" | "breaker-open";

/**
 * Told about every call of a client or server it is given to
 * (`createClient({ observers })`, `createServer({ observers })`). Hooks run
 * synchronously on the call path: keep them cheap and never throw.
 */
export interface CallObserver {
  /** A call of `method` began (client: when the application called; server: once the method was looked up). */
  callStarted(side: Side, method: MethodDescriptor): void;
  /**
   * A call ended. `code` is `"OK"`, a `Code` name (`"DEADLINE_EXCEEDED"`), or
   * `"IDL:<error full name>"` for a declared IDL error. `durationMs` runs from
   * `callStarted`. `bytesOut` / `bytesIn`: body bytes this side sent and
   * received for the call (after compression; 0 when nothing went or came).
   */
  callFinished(side: Side, method: MethodDescriptor, code: string, durationMs: number, bytesOut: number, bytesIn: number): void;
  /** A connection opened (client: connected to an instance; server: accepted). */
  connectionOpened?(side: Side): void;
  /** A connection closed. */
  connectionClosed?(side: Side): void;
  /** A call was refused before any handler ran (the server), or by client-side resilience middleware. */
  callRefused?(side: Side, reason: RefusalReason): void;
}

/** One observer for a list: undefined for none (the runtime then skips every hook), the observer itself for one. */
export function combineObservers(observers: readonly CallObserver[] | undefined): CallObserver | undefined {
  if (observers === undefined || observers.length === 0) return undefined;
  if (observers.length === 1) return observers[0];
  const list = [...observers];
  return {
    callStarted(side, method) {
      for (const o of list) o.callStarted(side, method);
    },
    callFinished(side, method, code, durationMs, bytesOut, bytesIn) {
      for (const o of list) o.callFinished(side, method, code, durationMs, bytesOut, bytesIn);
    },
    connectionOpened(side) {
      for (const o of list) o.connectionOpened?.(side);
    },
    connectionClosed(side) {
      for (const o of list) o.connectionClosed?.(side);
    },
    callRefused(side, reason) {
      for (const o of list) o.callRefused?.(side, reason);
    },
  };
}

/** The `code` an observer is told for a call that failed with `error`. */
export function outcomeCode(error: unknown): string {
  if (error instanceof RpcError) return error.code;
  if (error instanceof IdlError) {
    const schema = (error.constructor as { schema?: { fullName: string } }).schema;
    return schema === undefined ? "UNKNOWN" : `IDL:${schema.fullName}`;
  }
  return RpcError.from(error).code;
}

const RESILIENCE_REASONS: ReadonlySet<string> = new Set(["rate-limited", "shed", "bulkhead-full", "breaker-open"]);

/** The resilience layer's refusal reason an error carries (`details.reason`), if any. */
export function refusalOf(error: unknown): RefusalReason | undefined {
  if (!(error instanceof RpcError) || !error.notProcessed) return undefined;
  const reason = error.details["reason"];
  return reason !== undefined && RESILIENCE_REASONS.has(reason) ? (reason as RefusalReason) : undefined;
}

/** What the client learns about one observed call while it runs: body bytes each way. */
export class CallSizes {
  bytesOut = 0;
  /** The pending call, whose response size the connection records. */
  response: { readonly bytesIn: number } | undefined = undefined;
}
