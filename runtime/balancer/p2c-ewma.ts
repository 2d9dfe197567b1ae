/**
 * Peak-EWMA with power of two choices (Finagle, Linkerd, Kratos): draw two
 * usable instances at random and take the cheaper, where
 *
 *     cost = (latency estimate + 1 ms) * (in flight + 1) / success estimate
 *
 * The latency estimate jumps to any slower sample at once (the peak) and
 * decays towards faster ones with time constant `decayMs`; the success
 * estimate is the time-weighted share of calls that did not fail. Both relax
 * while an instance is idle (latency towards 0, success towards 1), so an
 * instance that was slow once is tried again later instead of starved forever.
 */
import type { Instance } from "../registry/registry.js";
import type { BalancerOptions, Picked } from "./balancer.js";
import type { RpcError } from "../errors.js";
import { InstanceNode, ViewBalancer, type ViewState } from "./view-balancer.js";

export interface P2cEwmaOptions extends BalancerOptions {
  /** Time constant of both estimates, ms (default 5,000, as Finagle). */
  readonly decayMs?: number;
}

/** Below this, a success estimate cannot shrink the divisor further (cost x100 at most). */
const MIN_SUCCESS = 0.01;

class EwmaNode extends InstanceNode implements Picked {
  active = 0;
  latency = 0;
  success = 1;
  /** When the estimates were last updated (balancer clock, ms). */
  stamp: number;
  readonly #owner: P2cEwmaBalancer;

  constructor(instance: Instance, owner: P2cEwmaBalancer, now: number) {
    super(instance);
    this.#owner = owner;
    this.stamp = now;
  }

  done(error: RpcError | undefined, latencyMs: number): void {
    if (this.active > 0) this.active--;
    const now = this.#owner.clock();
    const w = this.#owner.decay(now - this.stamp);
    this.stamp = now;
    this.latency = latencyMs > this.latency ? latencyMs : this.latency * w + latencyMs * (1 - w);
    this.success = this.success * w + (error === undefined ? 1 - w : 0);
  }

  cost(now: number): number {
    const w = this.#owner.decay(now - this.stamp);
    const success = 1 - (1 - this.success) * w;
    return ((this.latency * w + 1) * (this.active + 1)) / (success > MIN_SUCCESS ? success : MIN_SUCCESS);
  }
}

export class P2cEwmaBalancer extends ViewBalancer<EwmaNode, ViewState<EwmaNode>> {
  readonly #decayMs: number;

  constructor(options: P2cEwmaOptions = {}) {
    super(options);
    this.#decayMs = Math.max(1, options.decayMs ?? 5000);
  }

  /** The balancer's clock (nodes read it on `done`). */
  clock(): number {
    return this.now();
  }

  /** Weight left to an old estimate after `elapsedMs`. */
  decay(elapsedMs: number): number {
    return elapsedMs > 0 ? Math.exp(-elapsedMs / this.#decayMs) : 1;
  }

  protected createNode(instance: Instance): EwmaNode {
    return new EwmaNode(instance, this, this.now());
  }

  protected createState(nodes: EwmaNode[]): ViewState<EwmaNode> {
    return { nodes };
  }

  protected choose(state: ViewState<EwmaNode>): EwmaNode {
    const nodes = state.nodes;
    const n = nodes.length;
    let a: EwmaNode;
    let b: EwmaNode;
    if (n === 1) a = b = nodes[0]!;
    else {
      const i = Math.floor(this.random() * n);
      let j = Math.floor(this.random() * (n - 1));
      if (j >= i) j++;
      a = nodes[i]!;
      b = nodes[j]!;
      if (!this.usable(a.instance) || !this.usable(b.instance)) {
        // Draw again among the usable ones (each draw may be the same node).
        const x = this.randomUsable(nodes, undefined);
        if (x >= 0) {
          a = nodes[x]!;
          b = nodes[this.randomUsable(nodes, undefined)]!;
        }
      }
    }
    const now = this.now();
    const best = b.cost(now) < a.cost(now) ? b : a;
    best.active++;
    return best;
  }
}
