/**
 * Weighted random: an instance's chance is its weight over the total. The
 * cumulative weights are precomputed per view; a pick is one draw and a
 * binary search.
 */
import { PlainBalancer, UNIT, type InstanceNode, weightsOf, type ViewState } from "./view-balancer.js";

interface WeightedState extends ViewState<InstanceNode> {
  readonly weights: Float64Array;
  /** cumulative[i] = weights[0] + ... + weights[i]. */
  readonly cumulative: Float64Array;
}

export class WeightedRandomBalancer extends PlainBalancer<WeightedState> {
  protected createState(nodes: InstanceNode[]): WeightedState {
    const weights = weightsOf(nodes);
    const cumulative = new Float64Array(nodes.length);
    let sum = 0;
    for (let i = 0; i < nodes.length; i++) cumulative[i] = sum += weights[i]!;
    return { nodes, weights, cumulative };
  }

  protected choose(state: WeightedState): InstanceNode {
    const { nodes, cumulative } = state;
    const r = (this.randomBelow(UNIT) / UNIT) * cumulative[cumulative.length - 1]!;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    const node = nodes[lo]!;
    if (this.usable(node.instance)) return node;
    const i = this.randomUsable(nodes, state.weights);
    return i < 0 ? node : nodes[i]!;
  }
}
