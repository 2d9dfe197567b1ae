/**
 * Broadcast: one attempt on every instance the routers leave, each with its
 * own frame; the results come back per instance, failures included, in the
 * order of the routed list. Nothing is retried (every instance gets the call
 * once already). Multicast is a broadcast over a routed subset: routers given
 * for that one call (`BroadcastOptions.routers`).
 */
import type { CallOptions, Channel } from "../call.js";
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { Instance } from "../registry/registry.js";
import type { Router } from "../router/router.js";
import type { MethodDescriptor } from "../schema/types.js";

/** What one instance answered. */
export interface InstanceResult<T = unknown> {
  readonly instance: Instance;
  /** The reply, when the call succeeded (undefined for a void method). */
  readonly value?: T;
  /** The error, when it failed. */
  readonly error?: unknown;
}

/** Options of a broadcast: call options, plus routers for this call only (multicast). */
export interface BroadcastOptions extends CallOptions {
  /**
   * Multicast: routers applied after the client's (or the method's), for this
   * call only; every instance they leave gets the call. An empty result fails
   * UNAVAILABLE naming the router.
   */
  readonly routers?: readonly Router[];
}

/** A channel that can broadcast: the one `createClient()` returns. */
export interface BroadcastChannel extends Channel {
  broadcast(method: MethodDescriptor, request: object | undefined, options?: BroadcastOptions): Promise<InstanceResult[]>;
}

/** Send to each of `instances` with `send` and gather every outcome; never rejects. */
export function broadcastTo<T>(instances: readonly Instance[], send: (instance: Instance) => Promise<T>): Promise<InstanceResult<T>[]> {
  return Promise.all(
    instances.map((instance) =>
      send(instance).then(
        (value): InstanceResult<T> => ({ instance, value }),
        (error: unknown): InstanceResult<T> => ({ instance, error }),
      ),
    ),
  );
}

/**
 * What a generated `client.broadcast.method()` calls: `channel.broadcast`,
 * or a rejection saying what to do when the channel cannot broadcast (a
 * hand-written Channel without a `broadcast` method).
 */
export function broadcastVia<T>(
  channel: Channel,
  method: MethodDescriptor,
  request: object | undefined,
  options: BroadcastOptions | undefined,
): Promise<InstanceResult<T>[]> {
  const target = channel as Partial<BroadcastChannel>;
  if (typeof target.broadcast !== "function") {
    return Promise.reject(
      new RpcError(
        Code.UNIMPLEMENTED,
        `${method.service}/${method.name}: this channel cannot broadcast; wrap the channel from createClient(), or give your Channel a broadcast(method, request, options) method`,
        { notProcessed: true },
      ),
    );
  }
  return target.broadcast(method, request, options) as Promise<InstanceResult<T>[]>;
}
