/**
 * Failover: after a failed attempt, try another instance (never one already
 * tried), up to `retries` more times. Only where that is safe: any method
 * after a refusal before the handler ran (not processed), and `@idempotent`
 * methods after UNAVAILABLE (a connection lost mid-call, an instance killed).
 */
import { Code } from "../codes.js";
import type { RpcError } from "../errors.js";
import type { MethodDescriptor } from "../schema/types.js";
import { refusedHere, type ClusterStrategy } from "./cluster.js";

export interface FailoverOptions {
  /** Further attempts after the first. Default 2 (three instances at most). */
  readonly retries?: number;
}

export class FailoverStrategy implements ClusterStrategy {
  readonly name: string;
  readonly #attempts: number;

  constructor(options: FailoverOptions = {}) {
    const retries = options.retries ?? 2;
    this.#attempts = retries + 1;
    this.name = `failover(${retries})`;
  }

  retry(method: MethodDescriptor, error: RpcError, attempts: number): boolean {
    if (attempts >= this.#attempts) return false;
    return refusedHere(error) || (method.idempotent && error.code === Code.UNAVAILABLE);
  }
}
