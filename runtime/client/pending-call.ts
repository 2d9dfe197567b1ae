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
  #settled = false;
  #onAbort: (() => void) | undefined;

  resolve: (value: unknown) => void = noop;
  reject: (error: unknown) => void = noop;

  constructor(
    readonly method: MethodDescriptor,
    readonly deadline: number,
    readonly signal: AbortSignal | undefined,
  ) {
    if (signal !== undefined) {
      this.#onAbort = () => this.fail(cancelled(signal), true);
      signal.addEventListener("abort", this.#onAbort, { once: true });
    }
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
    this.resolve(value);
    return true;
  }

  /** Settle with an error; `abandon` tells the owner to free the slot and send CANCEL. */
  fail(error: unknown, abandon = false): boolean {
    if (this.#settled) return false;
    // Before #begin clears `frame`: the owner needs it to know whether the request left.
    if (abandon) this.owner?.abandon(this, error instanceof RpcError ? error.code : Code.CANCELLED);
    this.#begin();
    this.reject(error);
    return true;
  }

  #begin(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.frame = undefined;
    if (this.#onAbort !== undefined) this.signal!.removeEventListener("abort", this.#onAbort);
    return true;
  }
}

/** The error for an aborted signal: CANCELLED, with the abort reason as cause. */
export function cancelled(signal: AbortSignal): RpcError {
  return new RpcError(Code.CANCELLED, "the call was cancelled by the caller", { cause: signal.reason });
}
