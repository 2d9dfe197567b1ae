/**
 * How a client chooses the instance of a call: view -> routers -> pin ->
 * balancer, with the cluster strategy that decides on further attempts.
 * Built once per client and per overridden method, never per call.
 */
import { createBalancer, type Balancer, type PickInfo, type Picked, type Usable } from "../balancer/balancer.js";
import type { ClusterStrategy } from "../cluster/cluster.js";
import { clusterStrategy, FAILFAST, type ClusterName } from "../cluster/strategies.js";
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import { instanceKey, type Instance } from "../registry/registry.js";
import { pinRouter } from "../router/pin.js";
import { RouterChain, type Router } from "../router/router.js";

/** What selection reads of a call (a unary RoutedCall or a OnewayCall). */
export interface Routable extends PickInfo {
  /** Pinned `host:port` from the call options. */
  readonly pin: string | undefined;
  /** `host:port` of instances already tried (retries only). */
  readonly tried: readonly string[] | undefined;
  /** The error that made the last retry, failed with when no instance is left. */
  readonly lastError: RpcError | undefined;
  /** A delayed retry (the retry policy's) may go back to a tried instance when every one has been tried. */
  readonly repeat?: boolean;
}

/** Selection options, for the whole client or one method. */
export interface SelectionOptions {
  /** A registered balancer name (given the pool's `usable`), or your own object. Default "round-robin". */
  readonly balancer?: string | Balancer;
  /** Routers applied in order before the balancer. Default none. */
  readonly routers?: readonly Router[];
  /** Default "failfast". */
  readonly cluster?: ClusterName | ClusterStrategy;
}

export interface Selection {
  readonly balancer: Balancer;
  readonly chain: RouterChain | undefined;
  readonly cluster: ClusterStrategy;
}

/** A method override inherits what it does not set from the client's options. */
export function buildSelection(own: SelectionOptions, base: SelectionOptions | undefined, usable: Usable): Selection {
  const balancer = own.balancer ?? base?.balancer ?? "round-robin";
  const routers = own.routers ?? base?.routers ?? [];
  const cluster = own.cluster ?? base?.cluster;
  return {
    balancer: typeof balancer === "string" ? createBalancer(balancer, { usable }) : balancer,
    chain: routers.length === 0 ? undefined : new RouterChain(routers),
    cluster: cluster === undefined ? FAILFAST : clusterStrategy(cluster),
  };
}

/** `CallOptions.pin`: memoised like every filter, so a pinned call allocates nothing on a warm view. */
const CALL_PIN = pinRouter((call) => (call as Routable).pin);

/**
 * The instance for the next attempt of `call` from the service's non-empty
 * `instances`, or the error to fail the call with (UNAVAILABLE, not
 * processed). Synchronous; allocates nothing on a warm view unless the call
 * is a retry (which filters out the instances already tried).
 */
export function select(selection: Selection, instances: readonly Instance[], call: Routable): Picked | RpcError {
  let list = selection.chain === undefined ? instances : selection.chain.route(call, instances);
  if (list.length === 0) return selection.chain!.unavailable(call, instances);
  if (call.pin !== undefined) {
    list = CALL_PIN.route(call, list);
    if (list.length === 0) {
      return new RpcError(Code.UNAVAILABLE, `pinned address ${call.pin} is not an instance of ${call.method.service} left by the routers`, {
        notProcessed: true,
        details: { router: "pin", service: call.method.service },
      });
    }
  }
  const tried = call.tried;
  if (tried !== undefined) {
    const untried = list.filter((i) => !tried.includes(instanceKey(i)));
    // A delayed retry (call.repeat) may go back to a tried instance when every one has been tried.
    if (untried.length !== 0) list = untried;
    else if (!call.repeat) return call.lastError!;
  }
  return selection.balancer.pick(list, call)!;
}
