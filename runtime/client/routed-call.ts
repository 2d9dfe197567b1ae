/**
 * A unary call that knows how it was routed: it is the `PickInfo` routers and
 * balancers read (method, metadata, hints), it carries the `Picked` of its
 * current attempt (reported through `done` when it settles), and it asks its
 * cluster strategy for another attempt when one fails. One object per call,
 * reused by every attempt; each attempt sends its own frame over the same
 * encoded body.
 */
import type { PickInfo, Picked } from "../balancer/balancer.js";
import type { Metadata } from "../call.js";
import type { ClusterStrategy } from "../cluster/cluster.js";
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { Call } from "../middleware/types.js";
import type { Frame } from "../protocol/types.js";
import { instanceKey } from "../registry/registry.js";
import type { MethodDescriptor } from "../schema/types.js";
import { PendingCall } from "./pending-call.js";
import type { CallPlan } from "./resilience.js";

/** What a routed call needs from the channel that sends it. */
export interface Attempts {
  /** Route, pick and send `call` again (its tried instances excluded). */
  attempt(call: RoutedCall): void;
}

export class RoutedCall extends PendingCall implements PickInfo {
  /** The current attempt's pick (undefined before the first). */
  picked: Picked | undefined = undefined;
  /** performance.now() at send, kept only when the pick reports outcomes. */
  startedAt = 0;
  attempts = 0;
  /** `host:port` of instances already tried; allocated on the first retry only. */
  tried: string[] | undefined = undefined;
  /** The error that made the last retry, failed with when no instance is left. */
  lastError: RpcError | undefined = undefined;
  /** Breaker, retry policy and bulkhead of the method (docs/availability.md); undefined on the default path. */
  plan: CallPlan | undefined = undefined;
  /** A delayed retry may go to an instance already tried (when every one has been). */
  repeat = false;

  constructor(
    method: MethodDescriptor,
    deadline: number,
    signal: AbortSignal | undefined,
    readonly metadata: Readonly<Metadata>,
    /** Hash key from the call options. */
    readonly key: string | undefined,
    /** Pinned `host:port` from the call options. */
    readonly pin: string | undefined,
    /** The request frame of the next attempt (the first attempt sends this one). */
    public request: Frame,
    readonly cluster: ClusterStrategy,
    readonly channel: Attempts,
    /** The client middleware's view of the call, told the chosen instance. */
    readonly view: Call | undefined,
  ) {
    super(method, deadline, signal);
  }

  /** Record the pick of an attempt (and show it to client middleware). */
  chose(picked: Picked): void {
    this.picked = picked;
    this.attempts++;
    if (this.view !== undefined) this.view.instance = picked.instance;
  }

  protected override retried(error: RpcError): boolean {
    const picked = this.picked;
    if (picked === undefined) return false;
    // The cluster strategy's attempts go at once to another instance; the retry policy's after a backoff.
    let delay = -1;
    if (!this.cluster.retry(this.method, error, this.attempts)) {
      delay = this.plan === undefined ? -1 : this.plan.retryDelay(this.attempts, error, this.deadline);
      if (delay < 0) return false;
    }
    this.#report(error);
    (this.tried ??= []).push(instanceKey(picked.instance));
    this.lastError = error;
    this.picked = undefined;
    this.owner = undefined;
    this.frame = undefined;
    // The request id is written into the frame: the next attempt gets its own (same body).
    const r = this.request;
    this.request = { ...r, header: { ...r.header } };
    if (delay >= 0) this.#later(delay);
    else {
      // The strategy's immediate attempts only go to instances not tried yet.
      this.repeat = false;
      this.channel.attempt(this);
    }
    return true;
  }

  /**
   * No instance is left untried for an attempt the cluster strategy asked
   * for: true when the retry policy sends it again later (to any instance).
   */
  retryLater(error: RpcError): boolean {
    const delay = this.plan === undefined ? -1 : this.plan.retryDelay(this.attempts, error, this.deadline);
    if (delay < 0) return false;
    this.#later(delay);
    return true;
  }

  #later(delay: number): void {
    this.repeat = true;
    setTimeout(() => {
      if (!this.settled) this.channel.attempt(this);
    }, delay);
  }

  protected override settling(error: unknown): void {
    if (this.picked !== undefined) this.#report(error);
    this.plan?.leave();
  }

  #report(error: unknown): void {
    const picked = this.picked!;
    // The breaker reads the raw error: a caller's cancel is no verdict, an IDL error (not an RpcError) a success.
    const breakers = this.plan?.breakers;
    if (breakers !== undefined) breakers.done(picked.instance, this.method, error instanceof RpcError ? error : undefined, 0);
    if (picked.done === undefined) return;
    // A caller's cancel says nothing about the instance; an IDL error is a reply.
    const failure = error instanceof RpcError && error.code !== Code.CANCELLED ? error : undefined;
    picked.done(failure, performance.now() - this.startedAt);
  }
}
