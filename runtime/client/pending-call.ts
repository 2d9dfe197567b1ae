/** One unary call waiting for its response: a slot in a connection's call table. */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { Frame } from "../protocol/types.js";
import type { MethodDescriptor } from "../schema/types.js";
import { WHEEL_UNSCHEDULED, type WheelEntry } from "../transport/timer-wheel.js";

/** What a pending call needs from the connection that carries it. */
export interface CallOwner {
  /** The call gave up (deadline or cancel): drop its slot and tell the server why (`code`). */
  abandon(call: PendingCall, code: string): void;
}

function noop(): void {}

/**
 * Calls waiting on each caller signal. One 'abort' listener per signal, not
 * per call: a signal shared by many calls (a handler's inherited one, a
 * shutdown controller) would otherwise collect a listener per call and trip
 * Node's MaxListenersExceededWarning past 10.
 */
const watchers = new WeakMap<AbortSignal, Set<PendingCall>>();

function watch(signal: AbortSignal, call: PendingCall): void {
  let calls = watchers.get(signal);
  if (calls === undefined) {
    const set = (calls = new Set());
    watchers.set(signal, set);
    signal.addEventListener(
      "abort",
      () => {
        watchers.delete(signal);
        for (const c of set) c.fail(cancelled(signal), true);
      },
      { once: true },
    );
  }
  calls.add(call);
}

/** The call whose promise is being created: the executor runs synchronously inside `new Promise`. */
let capturing: PendingCall | undefined;

/** One shared executor instead of a closure per call: it hands the settle functions to `capturing`. */
function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  capturing!.resolve = resolve;
  capturing!.reject = reject;
  capturing = undefined;
}

export class PendingCall implements WheelEntry {
  wheelBucket = WHEEL_UNSCHEDULED;
  wheelNext: WheelEntry | undefined = undefined;
  wheelPrev: WheelEntry | undefined = undefined;
  requestId = 0;
  owner: CallOwner | undefined;
  /** Encoded request, kept only while waiting for write-buffer space. */
  frame: Frame | undefined;
  /** Body bytes of the response (read by observers). */
  bytesIn = 0;
  #settled = false;

  resolve: (value: unknown) => void = noop;
  reject: (error: unknown) => void = noop;

  constructor(
    readonly method: MethodDescriptor,
    readonly deadline: number,
    readonly signal: AbortSignal | undefined,
  ) {
    if (signal !== undefined) watch(signal, this);
  }

  /** The promise the caller awaits, settled by succeed/fail (call once, before starting the call). */
  promise(): Promise<unknown> {
    capturing = this;
    return new Promise(capture);
  }

  get settled(): boolean {
    return this.#settled;
  }

  /** Deadline reached (called by the timer wheel). */
  expire(): void {
    this.fail(
      new RpcError(Code.DEADLINE_EXCEEDED, `${this.method.service}/${this.method.name}: deadline exceeded`, {
        details: { requestId: String(this.requestId) },
      }),
      true,
    );
  }

  /** Settle with the result. Returns false when already settled. */
  succeed(value: unknown): boolean {
    if (!this.#begin()) return false;
    this.settling(undefined);
    this.resolve(value);
    return true;
  }

  /**
   * Settle with an error; `abandon` tells the owner to free the slot and send
   * CANCEL. An error the connection reports (not an abandon) may instead start
   * another attempt (see {@link retried}); the call then stays pending.
   */
  fail(error: unknown, abandon = false): boolean {
    if (this.#settled) return false;
    if (!abandon && error instanceof RpcError && this.retried(error)) return true;
    // Before #begin clears `frame`: the owner needs it to know whether the request left.
    if (abandon) this.owner?.abandon(this, error instanceof RpcError ? error.code : Code.CANCELLED);
    this.#begin();
    this.settling(error);
    this.reject(error);
    return true;
  }

  /**
   * The attempt failed with `error` (its connection already let go of it):
   * true when a subclass sent the call elsewhere instead of failing it.
   */
  protected retried(_error: RpcError): boolean {
    return false;
  }

  /** Runs once, as the call settles (`error` undefined on success): feedback for subclasses. */
  protected settling(_error: unknown): void {}

  #begin(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.frame = undefined;
    if (this.signal !== undefined) watchers.get(this.signal)?.delete(this);
    return true;
  }
}

/**
 * The error for an aborted signal, with the abort reason as cause:
 * DEADLINE_EXCEEDED when the signal timed out (`AbortSignal.timeout()`, or an
 * upstream call's deadline), CANCELLED otherwise.
 */
export function cancelled(signal: AbortSignal): RpcError {
  const reason: unknown = signal.reason;
  const timedOut =
    (reason instanceof DOMException && reason.name === "TimeoutError") ||
    (reason instanceof RpcError && reason.code === Code.DEADLINE_EXCEEDED);
  return timedOut
    ? new RpcError(Code.DEADLINE_EXCEEDED, "the call's signal timed out", { cause: reason })
    : new RpcError(Code.CANCELLED, "the call was cancelled by the caller", { cause: reason });
}
