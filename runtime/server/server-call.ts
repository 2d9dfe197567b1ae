/** The state of one call being served; also the `CallContext` its handler receives. */
import type { CallContext, Metadata } from "../call.js";
import type { PropagatedContext } from "../context.js";
import type { RpcError } from "../errors.js";
import type { MethodDescriptor } from "../schema/types.js";
import { WHEEL_UNSCHEDULED, type WheelEntry } from "../transport/timer-wheel.js";

export class ServerCall implements CallContext, WheelEntry {
  wheelBucket = WHEEL_UNSCHEDULED;
  wheelNext: WheelEntry | undefined = undefined;
  wheelPrev: WheelEntry | undefined = undefined;
  /** True once answered, cancelled or given up on: nothing more is sent for it. */
  done = false;
  /**
   * True once the handler was called: from then on an error answer is never
   * marked "not processed" (the handler may have made side effects).
   */
  handlerStarted = false;
  #controller: AbortController | undefined;
  #abortReason: RpcError | undefined;

  constructor(
    readonly requestId: number,
    readonly oneway: boolean,
    readonly method: MethodDescriptor,
    readonly deadline: number,
    readonly metadata: Readonly<Metadata>,
    readonly peer: { readonly host: string; readonly port: number } | undefined,
    /** Serializer and compressor ids of the request (the response uses them too). */
    readonly serializer: number,
    readonly compressor: number,
    private readonly onExpire: (call: ServerCall) => void,
  ) {}

  /** Created on first use: most handlers never look at it. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#abortReason !== undefined) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  /** Abort `ctx.signal` (cancel, deadline, forced shutdown). */
  abort(reason: RpcError): void {
    if (this.#abortReason !== undefined) return;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }

  expire(): void {
    this.onExpire(this);
  }
}

/** A call of a server with observers: when it started and its request's body bytes (other servers' calls stay smaller). */
export class ObservedServerCall extends ServerCall {
  observedAt = 0;
  bytesIn = 0;
}

/**
 * The context calls made inside a handler inherit when the server filters
 * propagated metadata: the filtered metadata, the call's deadline, and its
 * signal (created only when a downstream call asks for it).
 */
export class FilteredContext implements PropagatedContext {
  constructor(
    readonly deadline: number,
    readonly metadata: Readonly<Metadata>,
    readonly call: ServerCall,
  ) {}

  get signal(): AbortSignal {
    return this.call.signal;
  }
}
