/**
 * The filter every built-in router is made of: keep the instances for which
 * `keep(instance, value)` holds, where `value` is fixed or read from the call.
 * Results are memoised per input array and value, so a warm view routes
 * without allocating and hands the balancer the same array every time.
 */
import type { PickInfo } from "../balancer/balancer.js";
import type { Instance } from "../registry/registry.js";
import type { Router, RouterOptions } from "./router.js";

const NONE: readonly Instance[] = Object.freeze([]);

/** Distinct call values remembered per view; beyond this a result is computed per call (bounds memory). */
const MAX_VALUES = 64;

export interface FilterSpec extends RouterOptions {
  /** Kind shown in names: `group`, `version`, `pin`... */
  readonly kind: string;
  /** Fixed, or read from the call; undefined from the call lets every instance through. */
  readonly value: string | ((call: PickInfo) => string | undefined);
  readonly keep: (instance: Instance, value: string) => boolean;
  /** Name for a fixed value; default `kind{value}`. */
  readonly name?: string;
  /** Name for a value read from the call; default `kind{value}`. */
  readonly show?: (value: string) => string;
}

class FilterRouter implements Router {
  readonly name: string;
  readonly fallback: true | Router | undefined;
  readonly #spec: FilterSpec;
  #lastInput: readonly Instance[] | undefined;
  #lastValue: string | undefined;
  #lastOutput: readonly Instance[] = NONE;
  readonly #memo = new WeakMap<readonly Instance[], Map<string, readonly Instance[]>>();

  constructor(spec: FilterSpec) {
    this.#spec = spec;
    this.fallback = spec.fallback;
    this.name = spec.name ?? (typeof spec.value === "string" ? `${spec.kind}{${spec.value}}` : `${spec.kind}{from the call}`);
  }

  route(call: PickInfo, instances: readonly Instance[]): readonly Instance[] {
    const value = typeof this.#spec.value === "string" ? this.#spec.value : this.#spec.value(call);
    if (value === undefined) return instances;
    if (instances === this.#lastInput && value === this.#lastValue) return this.#lastOutput;
    let byValue = this.#memo.get(instances);
    let out = byValue?.get(value);
    if (out === undefined) {
      out = this.#filter(instances, value);
      if (byValue === undefined) this.#memo.set(instances, (byValue = new Map()));
      if (byValue.size < MAX_VALUES) byValue.set(value, out);
    }
    this.#lastInput = instances;
    this.#lastValue = value;
    this.#lastOutput = out;
    return out;
  }

  describe(call: PickInfo): string {
    const value = typeof this.#spec.value === "string" ? undefined : this.#spec.value(call);
    if (value === undefined) return this.name;
    return this.#spec.show?.(value) ?? `${this.#spec.kind}{${value}}`;
  }

  #filter(instances: readonly Instance[], value: string): readonly Instance[] {
    const kept = instances.filter((i) => this.#spec.keep(i, value));
    return kept.length === instances.length ? instances : kept.length === 0 ? NONE : Object.freeze(kept);
  }
}

/** A router keeping the instances that match a fixed or per-call value. */
export function filterRouter(spec: FilterSpec): Router {
  return new FilterRouter(spec);
}
