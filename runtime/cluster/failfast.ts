/**
 * Failfast (the default): a call's error goes to the caller, except that an
 * attempt refused before any handler ran (connect refused, connection in
 * backoff, GOAWAY, a server refusing in admission) is transparently sent to
 * another instance. That is safe for every method, idempotent or not.
 */
import type { RpcError } from "../errors.js";
import type { MethodDescriptor } from "../schema/types.js";
import { refusedHere, type ClusterStrategy } from "./cluster.js";

/** Transparent attempts at most, the first included: bounds a call when many instances refuse. */
const TRANSPARENT_ATTEMPTS = 3;

export class FailfastStrategy implements ClusterStrategy {
  readonly name = "failfast";

  retry(_method: MethodDescriptor, error: RpcError, attempts: number): boolean {
    return attempts < TRANSPARENT_ATTEMPTS && refusedHere(error);
  }
}
