/**
 * Rule router: a function of the call (method, metadata, key) chooses which
 * router applies, for A/B tests, VIP isolation and the like:
 *
 *     const vip = labelsRouter({ pool: "vip" });
 *     const shared = labelsRouter({ pool: "shared" });
 *     ruleRouter("vip", (call) => (call.metadata["x-tier"] === "vip" ? vip : shared));
 *
 * Build the branch routers once, outside the rule: they memoise their results,
 * so routing a warm view allocates nothing. Returning undefined lets every
 * instance through.
 */
import type { PickInfo } from "../balancer/balancer.js";
import type { Instance } from "../registry/registry.js";
import { applyRouter, describeRouter, type Router, type RouterOptions } from "./router.js";

export type Rule = (call: PickInfo) => Router | undefined;

class RuleRouter implements Router {
  readonly name: string;
  readonly fallback: true | Router | undefined;
  readonly #rule: Rule;

  constructor(name: string, rule: Rule, options: RouterOptions) {
    this.name = name;
    this.#rule = rule;
    this.fallback = options.fallback;
  }

  route(call: PickInfo, instances: readonly Instance[]): readonly Instance[] {
    const branch = this.#rule(call);
    return branch === undefined ? instances : applyRouter(branch, call, instances);
  }

  describe(call: PickInfo): string {
    const branch = this.#rule(call);
    return branch === undefined ? this.name : `${this.name}: ${describeRouter(branch, call)}`;
  }
}

/** A router chosen per call by `rule`; `options.fallback` applies when the chosen one leaves nothing. */
export function ruleRouter(name: string, rule: Rule, options: RouterOptions = {}): Router {
  return new RuleRouter(name, rule, options);
}
