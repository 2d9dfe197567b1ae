/**
 * The `admission` server option: one set of limiter / bulkhead / shedder
 * settings for every call, with overrides per service and per method, turned
 * into one `Admission` the connection asks between lookup and decode.
 */
import type { RpcError } from "../errors.js";
import { ServerAdmission, type Admission, type ServerAdmissionOptions, type Ticket } from "../resilience/admission.js";
import { createLimiter, type LimiterKind } from "../resilience/limiter/create.js";
import type { Limiter, LimiterOptions } from "../resilience/limiter/limiter.js";
import type { MethodDescriptor } from "../schema/types.js";

/** A limiter by name and options, e.g. `{ kind: "token-bucket", limit: 100 }` (100 calls/s). */
export type LimiterSpec = LimiterOptions & { readonly kind: LimiterKind };

/** The admission rules for one set of calls. */
export interface AdmissionRules extends Omit<ServerAdmissionOptions, "limiter"> {
  /** One limiter per key (method or service, see `scope`): a spec, or a factory such as `() => new TokenBucket({ limit: 100 })`. */
  readonly limiter?: LimiterSpec | (() => Limiter);
}

/**
 * `createServer({ admission })`: `rules` apply to every call unless an
 * override names its service (`services["shop.Orders"]`) or its method
 * (`methods["shop.Orders/place"]`, the most specific wins). An override
 * replaces the rules, it does not merge with them; `{}` turns admission off
 * for those calls.
 */
export interface AdmissionConfig extends AdmissionRules {
  readonly services?: Readonly<Record<string, AdmissionRules>>;
  readonly methods?: Readonly<Record<string, AdmissionRules>>;
}

/** Admits everything; the shared ticket does nothing, so an exempt call allocates nothing. */
const OPEN_TICKET: Ticket = { done() {} };

/** True when the value is already an `Admission` (has `admit`), not a config. */
function isAdmission(value: Admission | AdmissionConfig): value is Admission {
  return typeof (value as Partial<Admission>).admit === "function";
}

function toOptions(rules: AdmissionRules): ServerAdmissionOptions | undefined {
  const { limiter, shedder, maxConcurrent, scope } = rules;
  if (limiter === undefined && shedder === undefined && maxConcurrent === undefined) return undefined;
  const spec = limiter;
  const make = spec === undefined || typeof spec === "function" ? spec : () => createLimiter(spec.kind, spec);
  if (spec !== undefined && typeof spec !== "function") make!(); // fail at createServer on a bad spec, not on the first call
  return { limiter: make, shedder, maxConcurrent, scope };
}

/** Routes each method to the admission of its most specific rules, resolved once per method. */
class RoutedAdmission implements Admission {
  readonly #byMethod = new WeakMap<MethodDescriptor, Admission | undefined>();
  readonly #exempt: ReadonlySet<string>;
  readonly #all: ServerAdmission | undefined;
  readonly #services = new Map<string, ServerAdmission | undefined>();
  readonly #methods = new Map<string, ServerAdmission | undefined>();

  constructor(config: AdmissionConfig, exempt: ReadonlySet<string>) {
    this.#exempt = exempt;
    const all = toOptions(config);
    this.#all = all === undefined ? undefined : new ServerAdmission(all);
    for (const [name, rules] of Object.entries(config.services ?? {})) this.#services.set(name, build(rules));
    for (const [name, rules] of Object.entries(config.methods ?? {})) this.#methods.set(name, build(rules));
  }

  admit(method: MethodDescriptor, inFlight: number, now?: number): Ticket | RpcError {
    let admission = this.#byMethod.get(method);
    if (admission === undefined && !this.#byMethod.has(method)) {
      admission = this.#resolve(method);
      this.#byMethod.set(method, admission);
    }
    return admission === undefined ? OPEN_TICKET : admission.admit(method, inFlight, now);
  }

  #resolve(method: MethodDescriptor): Admission | undefined {
    if (this.#exempt.has(method.service)) return undefined;
    const key = `${method.service}/${method.name}`;
    if (this.#methods.has(key)) return this.#methods.get(key);
    if (this.#services.has(method.service)) return this.#services.get(method.service);
    return this.#all;
  }
}

function build(rules: AdmissionRules): ServerAdmission | undefined {
  const options = toOptions(rules);
  return options === undefined ? undefined : new ServerAdmission(options);
}

/**
 * The `Admission` a server uses, or undefined when the option asks for none
 * (the connection then skips admission entirely). Services in `exempt` (the
 * built-in health service) are never refused by a config; a hand-written
 * `Admission` sees every call.
 */
export function resolveAdmission(option: Admission | AdmissionConfig | undefined, exempt: ReadonlySet<string>): Admission | undefined {
  if (option === undefined) return undefined;
  if (isAdmission(option)) return option;
  const anyRules = toOptions(option) !== undefined || Object.keys(option.services ?? {}).length > 0 || Object.keys(option.methods ?? {}).length > 0;
  return anyRules ? new RoutedAdmission(option, exempt) : undefined;
}
