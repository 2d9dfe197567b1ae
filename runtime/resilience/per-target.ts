/**
 * One state object per instance, or per instance and method, found without
 * allocating on the warm path. Records are matched by identity first and by
 * service + host:port second, so a new view that rebuilds the records keeps
 * the breakers' and limiters' state.
 */
import { instanceKey, type Instance } from "../registry/registry.js";
import type { MethodDescriptor } from "../schema/types.js";

/** Keep one state per instance, or one per instance and method. */
export type TargetScope = "instance" | "method";

class Entry<T> {
  shared: T | undefined;
  readonly methods = new Map<MethodDescriptor, T>();
}

export class PerTarget<T> {
  readonly #create: () => T;
  readonly #scope: TargetScope;
  #byRecord = new WeakMap<Instance, Entry<T>>();
  /** The last record looked up and its entry: a pick, its admit and its done ask for the same one. */
  #lastRecord: Instance | undefined;
  #lastEntry: Entry<T> | undefined;
  readonly #byKey = new Map<string, Entry<T>>();

  constructor(create: () => T, scope: TargetScope) {
    this.#create = create;
    this.#scope = scope;
  }

  /** The state for this target, created on first use. */
  get(instance: Instance, method: MethodDescriptor): T {
    let entry = instance === this.#lastRecord ? this.#lastEntry : this.#byRecord.get(instance);
    if (entry === undefined) {
      const key = `${instance.service}/${instanceKey(instance)}`;
      entry = this.#byKey.get(key);
      if (entry === undefined) this.#byKey.set(key, (entry = new Entry<T>()));
      this.#byRecord.set(instance, entry);
    }
    this.#lastRecord = instance;
    this.#lastEntry = entry;
    if (this.#scope === "instance") return (entry.shared ??= this.#create());
    let state = entry.methods.get(method);
    if (state === undefined) entry.methods.set(method, (state = this.#create()));
    return state;
  }

  /** Drop the state of instances not in `live` (call when a view changes, so departed instances are forgotten). */
  retain(live: readonly Instance[]): void {
    const keep = new Set(live.map((i) => `${i.service}/${instanceKey(i)}`));
    for (const key of this.#byKey.keys()) if (!keep.has(key)) this.#byKey.delete(key);
    this.#byRecord = new WeakMap();
    this.#lastRecord = undefined;
    this.#lastEntry = undefined;
  }

  /** How many instances have state. */
  get size(): number {
    return this.#byKey.size;
  }
}
