/**
 * Hash: the same per-call key always goes to the same instance of a given
 * view (key hash modulo the count). When the view changes most keys move; use
 * consistent-hash where that matters (caches). An unusable instance's keys go
 * to the next usable one. A call without a key is placed at random.
 */
import type { PickInfo } from "./balancer.js";
import { hashKey } from "./hash-key.js";
import { PlainBalancer, type InstanceNode, type ViewState } from "./view-balancer.js";

export class HashBalancer extends PlainBalancer<ViewState<InstanceNode>> {
  protected createState(nodes: InstanceNode[]): ViewState<InstanceNode> {
    return { nodes };
  }

  protected choose(state: ViewState<InstanceNode>, call: PickInfo): InstanceNode {
    const nodes = state.nodes;
    const start =
      call.key === undefined ? this.randomBelow(nodes.length) : hashKey(call.key) % nodes.length;
    return nodes[this.nextUsable(nodes, start)]!;
  }
}
