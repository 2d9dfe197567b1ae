/**
 * Smooth weighted round robin (nginx's algorithm): every pick adds each
 * instance's weight to its running score, takes the highest score and
 * subtracts the total from it. Weights 5,1,1 give a a b a c a a: the heavy
 * instance's turns are spread out instead of bunched.
 */
import { PlainBalancer, type InstanceNode, weightsOf, type ViewState } from "./view-balancer.js";

interface SmoothState extends ViewState<InstanceNode> {
  readonly weights: Float64Array;
  /** Running scores, per view (nginx keeps them per upstream). */
  readonly current: Float64Array;
}

export class WeightedRoundRobinBalancer extends PlainBalancer<SmoothState> {
  protected createState(nodes: InstanceNode[]): SmoothState {
    return { nodes, weights: weightsOf(nodes), current: new Float64Array(nodes.length) };
  }

  protected choose(state: SmoothState): InstanceNode {
    const best = this.#step(state, true);
    return state.nodes[best < 0 ? this.#step(state, false) : best]!;
  }

  /** One nginx round over the usable nodes (or all); -1 when none took part. */
  #step(state: SmoothState, onlyUsable: boolean): number {
    const { nodes, weights, current } = state;
    let total = 0;
    let best = -1;
    for (let i = 0; i < nodes.length; i++) {
      if (onlyUsable && !this.usable(nodes[i]!.instance)) continue;
      current[i]! += weights[i]!;
      total += weights[i]!;
      if (best < 0 || current[i]! > current[best]!) best = i;
    }
    if (best >= 0) current[best]! -= total;
    return best;
  }
}
