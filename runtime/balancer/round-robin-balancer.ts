/**
 * Round robin: each usable instance in turn. The cursor starts at a random
 * index for every new view, so clients that start together do not all hit
 * the first instance first (grpc-js does the same).
 */
import { PlainBalancer, type InstanceNode, type ViewState } from "./view-balancer.js";

interface RoundRobinState extends ViewState<InstanceNode> {
  next: number;
}

export class RoundRobinBalancer extends PlainBalancer<RoundRobinState> {
  protected createState(nodes: InstanceNode[]): RoundRobinState {
    return { nodes, next: this.randomBelow(nodes.length) };
  }

  protected choose(state: RoundRobinState): InstanceNode {
    const nodes = state.nodes;
    const i = this.nextUsable(nodes, state.next);
    state.next = i + 1 === nodes.length ? 0 : i + 1;
    return nodes[i]!;
  }
}
