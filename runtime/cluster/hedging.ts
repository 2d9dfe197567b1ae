/**
 * Hedging: a call goes to one instance; if no answer came after `delayMs`,
 * the same call goes to another instance as well, up to `attempts` in all.
 * The first answer wins (a value or an IDL error the handler threw) and the
 * other attempts are cancelled (a CANCEL frame each, so their servers abort
 * the handler's signal). An attempt refused or lost in transit (UNAVAILABLE,
 * RESOURCE_EXHAUSTED) starts the next one at once instead of waiting.
 *
 * A hedged call may run on several instances: only `@idempotent` methods may
 * be hedged (the client refuses the others per call, FAILED_PRECONDITION).
 */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { MethodDescriptor } from "../schema/types.js";
import { refusedHere, type ClusterStrategy, type HedgePolicy } from "./cluster.js";

export interface HedgingOptions {
  /** Wait this long for an answer before sending the next attempt, ms. Default 100. */
  readonly delayMs?: number;
  /** Attempts at most, the first included (2 to 10). Default 2. */
  readonly attempts?: number;
}

/** Transparent attempts (refused before any handler ran) within one hedged attempt, as failfast does. */
const TRANSPARENT_ATTEMPTS = 3;

export class HedgingStrategy implements ClusterStrategy {
  readonly name: string;
  readonly hedge: HedgePolicy;

  constructor(options: HedgingOptions = {}) {
    const delayMs = options.delayMs ?? 100;
    const attempts = options.attempts ?? 2;
    if (!Number.isFinite(delayMs) || delayMs < 0) {
      throw new RpcError(Code.INVALID_ARGUMENT, `hedging delayMs must be a finite number of ms >= 0, got ${delayMs}`);
    }
    if (!Number.isInteger(attempts) || attempts < 2 || attempts > 10) {
      throw new RpcError(Code.INVALID_ARGUMENT, `hedging attempts must be an integer from 2 to 10 (the first included), got ${attempts}`);
    }
    this.hedge = { delayMs, attempts };
    this.name = `hedging(${delayMs}ms, ${attempts})`;
  }

  retry(_method: MethodDescriptor, error: RpcError, attempts: number): boolean {
    return attempts < TRANSPARENT_ATTEMPTS && refusedHere(error);
  }
}

/** The error a hedged call's method gets when it is not `@idempotent`. */
export function notHedgeable(method: MethodDescriptor): RpcError {
  return new RpcError(
    Code.FAILED_PRECONDITION,
    `${method.service}/${method.name}: hedging may run a call on several instances, and the method is not @idempotent; mark it @idempotent in the IDL if running it twice is safe, or choose "failfast" or "failover" for it`,
    { notProcessed: true },
  );
}

/** One attempt of a hedged call, as the runner sees it. */
export interface HedgeAttempt {
  readonly settled: boolean;
  /** Give the attempt up; `abandon` sends CANCEL to its server. */
  fail(error: unknown, abandon: boolean): boolean;
}

/** The error the losing attempts are cancelled with (their callers never see it). */
const LOST = new RpcError(Code.CANCELLED, "hedged call: another attempt answered first");

/** Errors after which the next attempt starts at once: the instance did not answer the call. */
function lostInTransit(error: unknown): boolean {
  return error instanceof RpcError && (error.code === Code.UNAVAILABLE || error.code === Code.RESOURCE_EXHAUSTED);
}

/**
 * Run a hedged call: `launch(previous)` starts one attempt (excluding the
 * instances of `previous`) and returns it with its promise. Resolves or
 * rejects with the first answer; rejects with the last error when every
 * attempt was lost.
 */
export function hedge<A extends HedgeAttempt>(policy: HedgePolicy, launch: (previous: readonly A[]) => readonly [A, Promise<unknown>]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const attempts: A[] = [];
    let running = 0;
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (winner: A): void => {
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const other of attempts) if (other !== winner && !other.settled) other.fail(LOST, true);
    };
    const next = (): void => {
      timer = undefined;
      if (done || attempts.length >= policy.attempts) return;
      const [attempt, promise] = launch(attempts);
      attempts.push(attempt);
      running++;
      if (attempts.length < policy.attempts) timer = setTimeout(next, policy.delayMs);
      promise.then(
        (value) => {
          if (done) return;
          settle(attempt);
          resolve(value);
        },
        (error: unknown) => {
          running--;
          if (done) return;
          if (lostInTransit(error) && attempts.length < policy.attempts) {
            if (timer !== undefined) clearTimeout(timer);
            next();
          } else if (!lostInTransit(error) || running === 0) {
            settle(attempt);
            reject(error);
          }
        },
      );
    };
    next();
  });
}
