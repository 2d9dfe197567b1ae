/**
 * Server admission: limiters, shedding and a bulkhead checked synchronously
 * between the method lookup and argument decoding, so a refused call costs no
 * decode and a server without admission keeps its synchronous fast path.
 */
import { Code } from "../codes.js";
import type { RpcError } from "../errors.js";
import type { MethodDescriptor } from "../schema/types.js";
import { checkMaxConcurrent } from "./bulkhead.js";
import type { Limiter } from "./limiter/limiter.js";
import { rejection } from "./rejection.js";
import type { Shedder } from "./shedder.js";

/** What an admitted call holds until it ends. */
export interface Ticket {
  /** The call ended (error undefined on success) after `latencyMs`; `now` (epoch ms) saves a clock read. */
  done(error: unknown, latencyMs: number, now?: number): void;
}

export interface Admission {
  /**
   * Admit a call of `method` while `inFlight` calls run on the server: a
   * ticket to hand back through `done`, or the error to answer with. `now`
   * (epoch ms) is optional: a server that already read the clock passes it.
   */
  admit(method: MethodDescriptor, inFlight: number, now?: number): Ticket | RpcError;
}

export interface ServerAdmissionOptions {
  /** Makes one limiter per key, e.g. `() => new TokenBucket({ limit: 1000 })`. */
  limiter?: () => Limiter;
  /** Makes one shedder per key (share one CPU signal among them). */
  shedder?: () => Shedder;
  /** Calls running at once per key; excess refused. */
  maxConcurrent?: number;
  /** One set of state per method (default) or per service. */
  scope?: "method" | "service";
}

/** The state of one key; it is also the ticket, so admitting allocates nothing. */
class Gate implements Ticket {
  readonly limiter: Limiter | undefined;
  readonly shedder: Shedder | undefined;
  running = 0;

  constructor(options: ServerAdmissionOptions) {
    this.limiter = options.limiter?.();
    this.shedder = options.shedder?.();
  }

  done(_error: unknown, latencyMs: number, now?: number): void {
    this.running--;
    this.shedder?.done(latencyMs, now);
  }
}

function name(method: MethodDescriptor): string {
  return `${method.service}.${method.name}`;
}

/**
 * Limiter, then bulkhead, then shedder, per method or per service. The
 * `inFlight` argument is not used: the shedder and the bulkhead count their
 * own key's calls.
 */
export class ServerAdmission implements Admission {
  readonly #options: ServerAdmissionOptions;
  readonly #byMethod = new WeakMap<MethodDescriptor, Gate>();
  readonly #byService = new Map<string, Gate>();
  readonly #max: number;

  constructor(options: ServerAdmissionOptions) {
    this.#options = options;
    this.#max = options.maxConcurrent === undefined ? Number.POSITIVE_INFINITY : checkMaxConcurrent(options.maxConcurrent);
  }

  admit(method: MethodDescriptor, _inFlight: number, now?: number): Ticket | RpcError {
    const gate = this.#gate(method);
    const limited = gate.limiter?.tryAcquire(now) ?? 0;
    if (limited !== 0) {
      return rejection(Code.RESOURCE_EXHAUSTED, "rate-limited", `rate limit of ${name(method)} reached: retry after ${limited} ms`, limited);
    }
    if (gate.running >= this.#max) {
      return rejection(Code.RESOURCE_EXHAUSTED, "bulkhead-full", `${this.#max} calls of ${name(method)} already running: retry later or elsewhere`);
    }
    const shed = gate.shedder?.admit(now) ?? 0;
    if (shed !== 0) {
      return rejection(Code.RESOURCE_EXHAUSTED, "shed", `server overloaded, ${name(method)} shed: retry after ${shed} ms or on another instance`, shed);
    }
    gate.running++;
    return gate;
  }

  #gate(method: MethodDescriptor): Gate {
    if (this.#options.scope === "service") {
      let gate = this.#byService.get(method.service);
      if (gate === undefined) this.#byService.set(method.service, (gate = new Gate(this.#options)));
      return gate;
    }
    let gate = this.#byMethod.get(method);
    if (gate === undefined) this.#byMethod.set(method, (gate = new Gate(this.#options)));
    return gate;
  }
}

/** True when `admit` refused (an RpcError rather than a ticket). */
export function isRefusal(result: Ticket | RpcError): result is RpcError {
  return result instanceof Error;
}
