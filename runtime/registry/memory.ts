import type { Instance, InstanceListener, Registry } from "./registry.js";
import { instanceKey } from "./registry.js";

/**
 * In-process registry: the embedded default for one process and for tests.
 * Watchers are notified on a microtask after each change.
 */
export class MemoryRegistry implements Registry {
  readonly name = "memory://";
  readonly #services = new Map<string, Map<string, Instance>>();
  readonly #watchers = new Map<string, Set<InstanceListener>>();

  async register(instance: Instance): Promise<void> {
    let byKey = this.#services.get(instance.service);
    if (byKey === undefined) this.#services.set(instance.service, (byKey = new Map()));
    byKey.set(instanceKey(instance), instance);
    this.#notify(instance.service);
  }

  async deregister(instance: Instance): Promise<void> {
    const byKey = this.#services.get(instance.service);
    if (byKey?.delete(instanceKey(instance))) this.#notify(instance.service);
  }

  async list(service: string): Promise<readonly Instance[]> {
    return this.#snapshot(service);
  }

  watch(service: string, listener: InstanceListener): () => void {
    let set = this.#watchers.get(service);
    if (set === undefined) this.#watchers.set(service, (set = new Set()));
    set.add(listener);
    queueMicrotask(() => {
      if (set.has(listener)) listener(this.#snapshot(service));
    });
    return () => {
      set.delete(listener);
    };
  }

  async close(): Promise<void> {}

  #snapshot(service: string): readonly Instance[] {
    const byKey = this.#services.get(service);
    return byKey === undefined ? [] : [...byKey.values()];
  }

  #notify(service: string): void {
    const set = this.#watchers.get(service);
    if (set === undefined || set.size === 0) return;
    queueMicrotask(() => {
      const list = this.#snapshot(service);
      for (const listener of set) listener(list);
    });
  }
}

/** The process-wide default registry used by `memory://` targets and `register: true`. */
export const memoryRegistry: MemoryRegistry = new MemoryRegistry();
