/**
 * The balancer contract and its registry of names.
 *
 * A call's path is view -> routers -> balancer -> per-instance guards ->
 * connection. A balancer answers "which instance?" synchronously from
 * instance records only (never sockets). The pick returns a per-instance state
 * object built when the view changed, so picking allocates nothing; policies
 * that learn from outcomes (least-active, P2C-EWMA) expose `done` on it.
 */
import type { Metadata } from "../call.js";
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { Instance } from "../registry/registry.js";
import type { MethodDescriptor } from "../schema/types.js";
import { ConsistentHashBalancer } from "./consistent-hash.js";
import { HashBalancer } from "./hash.js";
import { LeastActiveBalancer } from "./least-active.js";
import { P2cEwmaBalancer } from "./p2c-ewma.js";
import { RandomBalancer } from "./random.js";
import { RoundRobinBalancer } from "./round-robin-balancer.js";
import { WeightedRandomBalancer } from "./weighted-random.js";
import { WeightedRoundRobinBalancer } from "./weighted-round-robin.js";

/** What a balancer (and a router) may look at: the call, never its arguments. */
export interface PickInfo {
  readonly method: MethodDescriptor;
  readonly metadata: Readonly<Metadata>;
  /** Per-call key for the hash balancers (from the call's value bag); undefined when none. */
  readonly key?: string | undefined;
}

/**
 * The outcome of a pick. Read `instance` right after `pick` returns: the
 * object is the policy's per-instance state, shared by every pick of that
 * instance, and reused (with the newest record) when the view changes.
 */
export interface Picked {
  readonly instance: Instance;
  /**
   * Report how the call went, exactly once per pick, when the policy defines it:
   * `error` is the transport or server failure (undefined for a reply, IDL
   * errors included), `latencyMs` the time from send to settle.
   */
  done?(error: RpcError | undefined, latencyMs: number): void;
}

/**
 * True when a connection to the instance can take a call now (false while it
 * is in reconnect backoff). Balancers skip unusable instances while any other
 * is usable, and ignore the predicate when none is.
 */
export type Usable = (instance: Instance) => boolean;

/** Chooses one instance per call. */
export interface Balancer {
  /**
   * One instance of `instances` for this call, or undefined when the list is
   * empty. Synchronous. Pass the same array again while the view is unchanged:
   * policies rebuild their per-instance state when the array identity changes.
   */
  pick(instances: readonly Instance[], call: PickInfo): Picked | undefined;
}

/** What every policy accepts (a policy may accept more, see its class). */
export interface BalancerOptions {
  /** Default: every instance is usable. The connection pool supplies this. */
  readonly usable?: Usable;
  /**
   * Uniform in [0, 1). Default: an inline xorshift seeded from Math.random,
   * which allocates nothing per draw. Inject a seeded one in tests.
   */
  readonly random?: () => number;
}

/** Builds one balancer (one per client, or per method where overridden). */
export type BalancerFactory = (options: BalancerOptions) => Balancer;

const factories = new Map<string, BalancerFactory>([
  ["round-robin", (o) => new RoundRobinBalancer(o)],
  ["weighted-round-robin", (o) => new WeightedRoundRobinBalancer(o)],
  ["random", (o) => new RandomBalancer(o)],
  ["weighted-random", (o) => new WeightedRandomBalancer(o)],
  ["hash", (o) => new HashBalancer(o)],
  ["consistent-hash", (o) => new ConsistentHashBalancer(o)],
  ["least-active", (o) => new LeastActiveBalancer(o)],
  ["p2c-ewma", (o) => new P2cEwmaBalancer(o)],
]);

/** Make a balancer available by name (for client options and per-method overrides). */
export function registerBalancer(name: string, factory: BalancerFactory): void {
  if (factories.has(name)) {
    throw new RpcError(Code.INVALID_ARGUMENT, `a balancer named '${name}' is already registered: choose another name`);
  }
  factories.set(name, factory);
}

/** Names of every registered balancer, built-ins first. */
export function balancerNames(): string[] {
  return [...factories.keys()];
}

/** A new balancer of the registered policy `name`. */
export function createBalancer(name: string, options: BalancerOptions = {}): Balancer {
  const factory = factories.get(name);
  if (factory === undefined) {
    throw new RpcError(
      Code.INVALID_ARGUMENT,
      `unknown balancer '${name}': use one of ${balancerNames().join(", ")}, or register it with registerBalancer(name, factory)`,
    );
  }
  return factory(options);
}
