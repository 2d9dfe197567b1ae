/**
 * Peak-EWMA with power of two choices (Finagle, Linkerd, Kratos): draw two
 * usable instances at random and take the cheaper, where
 *
 *     cost = (latency estimate + 1 ms) * (in flight + 1) / success estimate⁴
 *
 * The latency estimate jumps to any slower sample at once (the peak) and
 * decays towards faster ones; the success estimate is the share of recent
 * calls that did not fail. It counts to the fourth power so that errors
 * weigh: one call in ten failing costs 1.5x, half of them failing 16x. Both
 * estimates also relax while an instance is not picked (latency towards 0,
 * success towards 1), so an instance that was slow once is tried again later
 * instead of starved forever.
 *
 * Age is counted in picks of this balancer, not in seconds: reading a wall
 * clock allocates a number in V8, and a pick must allocate nothing. Under a
 * steady load the two are proportional; at a trickle, memory lasts longer in
 * wall time. An estimate keeps e^-1 of its weight after `decayPicks` picks.
 */
import type { RpcError } from "../errors.js";
import type { Instance } from "../registry/registry.js";
import type { BalancerOptions, Picked } from "./balancer.js";
import { InstanceNode, ViewBalancer, type ViewState } from "./view-balancer.js";

export interface P2cEwmaOptions extends BalancerOptions {
  /** Picks (of the whole balancer) after which an estimate keeps e^-1 of its weight (default 200). */
  readonly decayPicks?: number;
}

/** Below this, a success estimate cannot shrink the divisor further (cost x160,000 at most). */
const MIN_SUCCESS = 0.05;

class EwmaNode extends InstanceNode implements Picked {
  active = 0;
  latency = 0;
  success = 1;
  /** The balancer's pick count when the estimates were last updated. */
  stamp: number;
  readonly #owner: P2cEwmaBalancer;

  constructor(instance: Instance, owner: P2cEwmaBalancer) {
    super(instance);
    this.#owner = owner;
    this.stamp = owner.tick();
  }

  done(error: RpcError | undefined, latencyMs: number): void {
    if (this.active > 0) this.active--;
    const owner = this.#owner;
    const now = owner.tick();
    const e = now - this.stamp;
    const table = owner.decay;
    const w = e <= 0 ? 1 : e < table.length ? table[e]! : Math.exp(-e / owner.decayPicks);
    this.stamp = now;
    this.latency = latencyMs > this.latency ? latencyMs : this.latency * w + latencyMs * (1 - w);
    this.success = this.success * w + (error === undefined ? 1 - w : 0);
  }
}

/** Table length per decayPicks: beyond 12 time constants a weight is below 1e-5 (computed, not looked up). */
const TABLE_SPAN = 12;
/** At most this many precomputed weights per balancer (512 KiB). */
const MAX_TABLE = 65_536;

/** e^(-picks / decayPicks) for 0 <= picks < length: a pick and a report read it instead of calling Math.exp. */
function decayTable(decayPicks: number): Float64Array {
  const table = new Float64Array(Math.min(MAX_TABLE, Math.ceil(decayPicks * TABLE_SPAN)));
  for (let i = 0; i < table.length; i++) table[i] = Math.exp(-i / decayPicks);
  return table;
}

/*
 * The weight an estimate keeps after `e` picks, e^(-e / decayPicks), is read
 * inline from the table where it is used: a helper returning a double
 * allocates a heap number whenever the optimiser does not inline it.
 */

/** The cheaper of two nodes at `now` (ties: `a`). Inline arithmetic only. */
function cheaper(a: EwmaNode, b: EwmaNode, now: number, table: Float64Array, decay: number): EwmaNode {
  if (a === b) return a;
  const ea = now - a.stamp;
  const wa = ea <= 0 ? 1 : ea < table.length ? table[ea]! : Math.exp(-ea / decay);
  let sa = 1 - (1 - a.success) * wa;
  if (sa < MIN_SUCCESS) sa = MIN_SUCCESS;
  const eb = now - b.stamp;
  const wb = eb <= 0 ? 1 : eb < table.length ? table[eb]! : Math.exp(-eb / decay);
  let sb = 1 - (1 - b.success) * wb;
  if (sb < MIN_SUCCESS) sb = MIN_SUCCESS;
  // cost(a) <= cost(b), cross-multiplied to spare two divisions.
  const costA = (a.latency * wa + 1) * (a.active + 1) * (sb * sb * sb * sb);
  const costB = (b.latency * wb + 1) * (b.active + 1) * (sa * sa * sa * sa);
  return costB < costA ? b : a;
}

/** Restart the pick count before it leaves V8's small-integer range. */
const COUNT_SPAN = 0x3fffffff;

export class P2cEwmaBalancer extends ViewBalancer<EwmaNode, ViewState<EwmaNode>> {
  readonly decayPicks: number;
  /** Precomputed decay weights by picks elapsed (see decayTable). */
  readonly decay: Float64Array;
  #picks = 0;

  constructor(options: P2cEwmaOptions = {}) {
    super(options);
    this.decayPicks = Math.max(1, options.decayPicks ?? 200);
    this.decay = decayTable(this.decayPicks);
  }

  /** The balancer's age in picks (the clock of both estimates). */
  tick(): number {
    return this.#picks;
  }

  protected createNode(instance: Instance): EwmaNode {
    return new EwmaNode(instance, this);
  }

  protected createState(nodes: EwmaNode[]): ViewState<EwmaNode> {
    return { nodes };
  }

  protected choose(state: ViewState<EwmaNode>): EwmaNode {
    const nodes = state.nodes;
    const n = nodes.length;
    let a = nodes[0]!;
    let b = a;
    if (n > 1) {
      const i = this.randomBelow(n);
      let j = this.randomBelow(n - 1);
      if (j >= i) j++;
      a = nodes[i]!;
      b = nodes[j]!;
      if (!this.usable(a.instance) || !this.usable(b.instance)) {
        // Draw again among the usable ones (both draws may be the same node).
        const x = this.randomUsable(nodes, undefined);
        if (x >= 0) {
          a = nodes[x]!;
          b = nodes[this.randomUsable(nodes, undefined)]!;
        }
      }
    }
    if (++this.#picks > COUNT_SPAN) this.#restartCount();
    const best = cheaper(a, b, this.#picks, this.decay, this.decayPicks);
    best.active++;
    return best;
  }

  /** Every billion picks: count from 0 again, moving every known stamp with it. */
  #restartCount(): void {
    for (const node of this.knownNodes()) node.stamp -= this.#picks;
    this.#picks = 0;
  }
}
