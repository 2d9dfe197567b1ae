/**
 * A oneway call on its way out: what routers and the balancer read to pick
 * its instance, and the listener told when its frame reached the OS. One
 * small object per call and no closures (a oneway has no reply, timer or
 * retry, so it needs none of RoutedCall's state).
 */
import type { Metadata } from "../call.js";
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { MethodDescriptor } from "../schema/types.js";
import type { WriteListener } from "../transport/connection.js";
import type { Routable } from "./selection.js";

function noop(): void {}

/** The call whose promise is being created (the executor runs synchronously inside `new Promise`). */
let capturing: OnewayCall | undefined;

/** One shared executor instead of a closure per call. */
function capture(resolve: () => void, reject: (error: unknown) => void): void {
  capturing!.resolve = resolve;
  capturing!.reject = reject;
  capturing = undefined;
}

export class OnewayCall implements Routable, WriteListener {
  /** A oneway is never retried: nothing is tried before its only pick. */
  readonly tried = undefined;
  readonly lastError = undefined;
  resolve: () => void = noop;
  reject: (error: unknown) => void = noop;

  constructor(
    readonly method: MethodDescriptor,
    readonly metadata: Readonly<Metadata>,
    /** Hash key from the call options. */
    readonly key: string | undefined,
    /** Pinned `host:port` from the call options. */
    readonly pin: string | undefined,
  ) {}

  /** The promise the caller awaits: resolved once the frame is written, rejected when it cannot be. */
  promise(): Promise<void> {
    capturing = this;
    return new Promise<void>(capture);
  }

  written(error: Error | undefined): void {
    if (error === undefined) this.resolve();
    else this.reject(new RpcError(Code.UNAVAILABLE, `oneway ${this.method.name} not written: ${error.message}`, { cause: error }));
  }
}
