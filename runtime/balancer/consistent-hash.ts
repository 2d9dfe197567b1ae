/**
 * Consistent hash: a ring of points, `replicas` per instance (scaled by
 * weight / 100, the default weight), each at the hash of `host:port#j`. A key
 * goes to the owner of the first point at or after its hash. Points depend on
 * the address only, so adding or removing one instance of N moves about 1/N
 * of the keys, all of them to or from that instance. An unusable owner's keys
 * go on clockwise to the next usable owner. A call without a key is placed at
 * random.
 */
import { instanceKey } from "../registry/registry.js";
import type { BalancerOptions, PickInfo } from "./balancer.js";
import { hashKey } from "./hash-key.js";
import { PlainBalancer, type InstanceNode, weightsOf, type ViewState } from "./view-balancer.js";

export interface ConsistentHashOptions extends BalancerOptions {
  /** Ring points of an instance of weight 100 (default 160; more is smoother and slower to build). */
  readonly replicas?: number;
}

interface RingState extends ViewState<InstanceNode> {
  /** Point hashes, ascending. */
  readonly points: Uint32Array;
  /** owners[k]: index in `nodes` of the instance owning points[k]. */
  readonly owners: Int32Array;
}

export class ConsistentHashBalancer extends PlainBalancer<RingState> {
  readonly #replicas: number;

  constructor(options: ConsistentHashOptions = {}) {
    super(options);
    this.#replicas = Math.max(1, Math.floor(options.replicas ?? 160));
  }

  protected createState(nodes: InstanceNode[]): RingState {
    const weights = weightsOf(nodes);
    // Equal weights (the usual case, whatever their scale): `replicas` each.
    // Otherwise weights are on the registry's scale, where 100 is the default.
    const equal = weights.every((w) => w === weights[0]);
    const ring: { hash: number; key: string; owner: number }[] = [];
    nodes.forEach((node, owner) => {
      const w = weights[owner]!;
      const count = equal ? this.#replicas : w > 0 ? Math.max(1, Math.round((this.#replicas * w) / 100)) : 0;
      const address = instanceKey(node.instance);
      for (let j = 0; j < count; j++) {
        const key = `${address}#${j}`;
        ring.push({ hash: hashKey(key), key, owner });
      }
    });
    // Ties broken by point name, so the ring never depends on the view's order.
    ring.sort((a, b) => a.hash - b.hash || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return {
      nodes,
      points: Uint32Array.from(ring, (p) => p.hash),
      owners: Int32Array.from(ring, (p) => p.owner),
    };
  }

  protected choose(state: RingState, call: PickInfo): InstanceNode {
    const { nodes, points, owners } = state;
    if (call.key === undefined) return nodes[this.nextUsable(nodes, this.randomBelow(nodes.length))]!;
    const h = hashKey(call.key);
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (points[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    const first = lo === points.length ? 0 : lo;
    for (let k = 0; k < points.length; k++) {
      const at = first + k < points.length ? first + k : first + k - points.length;
      const node = nodes[owners[at]!]!;
      if (this.usable(node.instance)) return node;
    }
    // No owner on the ring is usable, but an instance without points (weight 0) may be.
    return nodes[this.nextUsable(nodes, owners[first]!)]!;
  }
}
