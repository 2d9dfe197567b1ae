/**
 * What every built-in policy shares: per-instance nodes and per-view state,
 * built when a new instance array is seen and looked up by array identity
 * afterwards, so `pick` on a known view allocates nothing.
 *
 * Nodes are shared across views by address (`host:port`): a router that
 * narrows the view to a subset hands the balancer a different array, and the
 * subset's nodes are the same objects, so in-flight counts and latency
 * estimates are per instance, not per view.
 */
import { instanceKey, type Instance } from "../registry/registry.js";
import type { Balancer, BalancerOptions, PickInfo, Picked, Usable } from "./balancer.js";

/** The per-instance state a policy returns as its `Picked`. */
export class InstanceNode implements Picked {
  /** The newest record seen for this address (a weight may change). */
  instance: Instance;
  constructor(instance: Instance) {
    this.instance = instance;
  }
}

/** What a policy precomputes for one view. */
export interface ViewState<N> {
  readonly nodes: readonly N[];
}

const everyInstance: Usable = () => true;

/** Resolution of a fractional draw: randomBelow(UNIT) / UNIT is uniform in [0, 1). */
export const UNIT = 0x40000000;

/** A weight a weighted policy can use: finite and positive, else 0. */
export function weightOf(instance: Instance): number {
  const w = instance.weight;
  return Number.isFinite(w) && w > 0 ? w : 0;
}

/** Weights of `nodes`; all 1 when none is positive (equal shares rather than no instance). */
export function weightsOf(nodes: readonly InstanceNode[]): Float64Array {
  const weights = new Float64Array(nodes.length);
  let total = 0;
  for (let i = 0; i < nodes.length; i++) total += weights[i] = weightOf(nodes[i]!.instance);
  if (total === 0) weights.fill(1);
  return weights;
}

/**
 * Base of the built-in policies: finds or builds the per-view state, then
 * asks the policy to `choose`. A policy defines its node (per instance), its
 * state (per view) and `choose`; helpers draw random numbers and honour the
 * `usable` predicate without allocating.
 */
export abstract class ViewBalancer<N extends InstanceNode, S extends ViewState<N>> implements Balancer {
  protected readonly usable: Usable;
  /** The injected source (tests); undefined: the xorshift below. */
  readonly #random: (() => number) | undefined;
  /** xorshift32 state, in a typed array so updating it never boxes a number. */
  readonly #seed = new Int32Array(1);
  #view: readonly Instance[] | undefined;
  #state: S | undefined;
  readonly #states = new WeakMap<readonly Instance[], S>();
  readonly #byKey = new Map<string, N>();
  #largestView = 0;

  constructor(options: BalancerOptions = {}) {
    this.usable = options.usable ?? everyInstance;
    this.#random = options.random;
    this.#seed[0] = Math.floor(Math.random() * 0x7fffffff) + 1;
  }

  pick(instances: readonly Instance[], call: PickInfo): Picked | undefined {
    if (instances.length === 0) return undefined;
    let state = this.#state;
    if (instances !== this.#view || state === undefined) {
      state = this.#states.get(instances) ?? this.#build(instances);
      this.#view = instances;
      this.#state = state;
    }
    return this.choose(state, call);
  }

  /**
   * A uniform integer in [0, n), n <= 2^30. It returns a small integer, never
   * a heap number, and the default source is inline: drawing allocates nothing
   * (an injected `random` costs whatever calling it costs).
   */
  protected randomBelow(n: number): number {
    if (this.#random !== undefined) return Math.floor(this.#random() * n);
    const s = this.#seed;
    let x = s[0]!;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    s[0] = x;
    return Math.floor(((x >>> 0) / 4294967296) * n);
  }

  /** Nodes of the addresses seen lately (views built earlier may hold older ones). */
  protected knownNodes(): Iterable<N> {
    return this.#byKey.values();
  }

  /** A fresh node for an address not seen before. */
  protected abstract createNode(instance: Instance): N;
  /** Precompute what `choose` needs for one view. */
  protected abstract createState(nodes: N[]): S;
  /** One node of a non-empty view. Must not allocate. */
  protected abstract choose(state: S, call: PickInfo): N;

  #build(instances: readonly Instance[]): S {
    const nodes: N[] = [];
    for (const instance of instances) {
      const key = instanceKey(instance);
      let node = this.#byKey.get(key);
      if (node === undefined) this.#byKey.set(key, (node = this.createNode(instance)));
      else node.instance = instance;
      nodes.push(node);
    }
    // Addresses churn (new pod, new IP): forget nodes no recent view holds.
    // A view built earlier keeps its own node objects, so nothing breaks.
    this.#largestView = Math.max(this.#largestView, instances.length);
    if (this.#byKey.size > 2 * this.#largestView + 32) {
      this.#byKey.clear();
      for (const node of nodes) this.#byKey.set(instanceKey(node.instance), node);
    }
    const state = this.createState(nodes);
    this.#states.set(instances, state);
    return state;
  }

  /**
   * Index of a random usable node, drawn by weight when `weights` is given;
   * -1 when none is usable. The slow path of the random policies.
   */
  protected randomUsable(nodes: readonly N[], weights: Float64Array | undefined): number {
    let total = 0;
    for (let i = 0; i < nodes.length; i++) {
      if (this.usable(nodes[i]!.instance)) total += weights === undefined ? 1 : weights[i]!;
    }
    // Usable but all weight 0: equal shares among them beats an unusable pick.
    if (total === 0) return weights === undefined ? -1 : this.randomUsable(nodes, undefined);
    let r = (this.randomBelow(UNIT) / UNIT) * total;
    let last = -1;
    for (let i = 0; i < nodes.length; i++) {
      if (!this.usable(nodes[i]!.instance)) continue;
      last = i;
      r -= weights === undefined ? 1 : weights[i]!;
      if (r < 0) return i;
    }
    return last; // rounding left r at ~0
  }

  /** The first usable node at or after `start` (wrapping); `start` itself when none is usable. */
  protected nextUsable(nodes: readonly N[], start: number): number {
    const n = nodes.length;
    for (let k = 0; k < n; k++) {
      const i = start + k < n ? start + k : start + k - n;
      if (this.usable(nodes[i]!.instance)) return i;
    }
    return start;
  }
}

/** A policy whose nodes carry no state of their own. */
export abstract class PlainBalancer<S extends ViewState<InstanceNode>> extends ViewBalancer<InstanceNode, S> {
  protected createNode(instance: Instance): InstanceNode {
    return new InstanceNode(instance);
  }
}
