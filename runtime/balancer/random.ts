/** Random: every usable instance equally likely, no shared cursor to contend on. */
import { PlainBalancer, type InstanceNode, type ViewState } from "./view-balancer.js";

export class RandomBalancer extends PlainBalancer<ViewState<InstanceNode>> {
  protected createState(nodes: InstanceNode[]): ViewState<InstanceNode> {
    return { nodes };
  }

  protected choose(state: ViewState<InstanceNode>): InstanceNode {
    const nodes = state.nodes;
    const node = nodes[this.randomBelow(nodes.length)]!;
    if (this.usable(node.instance)) return node;
    const i = this.randomUsable(nodes, undefined);
    return i < 0 ? node : nodes[i]!;
  }
}
