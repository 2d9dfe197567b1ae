/**
 * The router contract and the chain that runs routers in order.
 *
 * A router narrows a view to the instances a call may use (group, labels,
 * version, a pinned address, rules of the call). It sees instance records and
 * the call, never sockets. A router must return the same array for the same
 * input and call values, and the input itself when it removes nothing: the
 * balancer keeps its per-view state by array identity, so a fresh array per
 * call would rebuild it on every pick. The filters here memoise for that.
 */
import type { PickInfo } from "../balancer/balancer.js";
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { Instance } from "../registry/registry.js";

export interface Router {
  /** Shown when this router leaves no instance, e.g. `labels{env=test}`. */
  readonly name: string;
  /** The instances of `instances` this call may use (possibly none). Synchronous. */
  route(call: PickInfo, instances: readonly Instance[]): readonly Instance[];
  /**
   * When this router leaves nothing: undefined fails the call (UNAVAILABLE,
   * naming the router), `true` keeps the list it received, a router is applied
   * to the list it received instead.
   */
  readonly fallback?: true | Router | undefined;
  /** A name that includes values taken from the call (e.g. `tag{env=loadtest}`); default `name`. */
  describe?(call: PickInfo): string;
}

/** What every built-in router accepts. */
export interface RouterOptions {
  /** See {@link Router.fallback}; default: fail the call. */
  readonly fallback?: true | Router | undefined;
}

/** `router.route` with its fallback applied. */
export function applyRouter(router: Router, call: PickInfo, instances: readonly Instance[]): readonly Instance[] {
  const out = router.route(call, instances);
  if (out.length > 0 || instances.length === 0 || router.fallback === undefined) return out;
  return router.fallback === true ? instances : applyRouter(router.fallback, call, instances);
}

/** The router's name for this call, with the fallback that also came up empty. */
export function describeRouter(router: Router, call: PickInfo): string {
  const own = router.describe?.(call) ?? router.name;
  const fallback = router.fallback;
  return fallback === undefined || fallback === true ? own : `${own}, then its fallback ${describeRouter(fallback, call)}`;
}

/** Routers applied in order; the first that leaves nothing (after its fallback) ends the chain. */
export class RouterChain {
  readonly routers: readonly Router[];

  constructor(routers: readonly Router[]) {
    this.routers = routers;
  }

  /** The instances left for this call; empty when a router emptied the list (see {@link unavailable}). */
  route(call: PickInfo, instances: readonly Instance[]): readonly Instance[] {
    let list = instances;
    for (let i = 0; i < this.routers.length && list.length > 0; i++) list = applyRouter(this.routers[i]!, call, list);
    return list;
  }

  /** The router that left no instance for this call, or undefined when the view itself was empty. */
  emptiedBy(call: PickInfo, instances: readonly Instance[]): Router | undefined {
    let list = instances;
    for (const router of this.routers) {
      if (list.length === 0) return undefined;
      list = applyRouter(router, call, list);
      if (list.length === 0) return router;
    }
    return undefined;
  }

  /**
   * The error for a call that {@link route} left without an instance:
   * UNAVAILABLE, not processed (nothing was sent), naming the router.
   */
  unavailable(call: PickInfo, instances: readonly Instance[]): RpcError {
    const service = call.method.service;
    const router = this.emptiedBy(call, instances);
    if (router === undefined) {
      return new RpcError(Code.UNAVAILABLE, `no instance of ${service} is known`, { notProcessed: true, details: { service } });
    }
    const name = describeRouter(router, call);
    return new RpcError(
      Code.UNAVAILABLE,
      `router '${name}' left no instance of ${service}: check the instances' group, labels and version, or give the rule a fallback`,
      { notProcessed: true, details: { router: name, service } },
    );
  }
}
