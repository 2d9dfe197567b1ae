/**
 * Least active requests: the usable instance with the fewest calls in flight
 * from this client; ties drawn by weight. A slow instance holds its calls
 * longer, so it gets fewer new ones. Needs `done` after every pick.
 *
 * Blind spot: an instance that fails fast also empties fast and attracts
 * calls; the per-instance circuit breaker (availability issue) covers that,
 * or use p2c-ewma, which counts errors.
 */
import type { Instance } from "../registry/registry.js";
import type { Picked } from "./balancer.js";
import { InstanceNode, UNIT, ViewBalancer, weightOf, type ViewState } from "./view-balancer.js";

class ActiveNode extends InstanceNode implements Picked {
  active = 0;

  done(): void {
    if (this.active > 0) this.active--;
  }
}

export class LeastActiveBalancer extends ViewBalancer<ActiveNode, ViewState<ActiveNode>> {
  protected createNode(instance: Instance): ActiveNode {
    return new ActiveNode(instance);
  }

  protected createState(nodes: ActiveNode[]): ViewState<ActiveNode> {
    return { nodes };
  }

  protected choose(state: ViewState<ActiveNode>): ActiveNode {
    const nodes = state.nodes;
    let best = this.#least(nodes, true);
    if (best === undefined) best = this.#least(nodes, false)!;
    best.active++;
    return best;
  }

  /** Fewest in flight; ties resolved by a weighted reservoir draw (one pass, no list). */
  #least(nodes: readonly ActiveNode[], onlyUsable: boolean): ActiveNode | undefined {
    let best: ActiveNode | undefined;
    let tieWeight = 0;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (onlyUsable && !this.usable(node.instance)) continue;
      const w = weightOf(node.instance) || 1e-9; // weight 0 still wins a lone tie
      if (best === undefined || node.active < best.active) {
        best = node;
        tieWeight = w;
      } else if (node.active === best.active) {
        tieWeight += w;
        if ((this.randomBelow(UNIT) / UNIT) * tieWeight < w) best = node;
      }
    }
    return best;
  }
}
