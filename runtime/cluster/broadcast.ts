/**
 * Broadcast: one attempt on every instance the routers leave, each with its
 * own frame; the results come back per instance, failures included, in the
 * order of the routed list. Nothing is retried (every instance gets the call
 * once already).
 */
import type { Instance } from "../registry/registry.js";

/** What one instance answered. */
export interface InstanceResult<T = unknown> {
  readonly instance: Instance;
  /** The reply, when the call succeeded (undefined for a void method). */
  readonly value?: T;
  /** The error, when it failed. */
  readonly error?: unknown;
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
