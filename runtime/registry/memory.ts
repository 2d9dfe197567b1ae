import type { Instance, InstanceListener, Registry } from "./registry.js";
import { instanceKey } from "./registry.js";

interface Lease {
  instance: Instance;
  timer: NodeJS.Timeout;
}

/**
 * In-process registry: the embedded default for one process and for tests.
 * Leases expire on a timer (unref'd: they never keep a process alive).
 * Watchers are notified on a microtask after each change.
 */
export class MemoryRegistry implements Registry {
  readonly name: string;
  readonly #services = new Map<string, Map<string, Lease>>();
  readonly #watchers = new Map<string, Set<InstanceListener>>();

  constructor(name = "memory://") {
    this.name = name;
  }

  async register(instance: Instance, ttlMs: number): Promise<void> {
    let byKey = this.#services.get(instance.service);
    if (byKey === undefined) this.#services.set(instance.service, (byKey = new Map()));
    const key = instanceKey(instance);
    const old = byKey.get(key);
    if (old !== undefined) clearTimeout(old.timer);
    const timer = setTimeout(() => this.#expire(instance.service, key, timer), ttlMs);
    timer.unref();
    byKey.set(key, { instance, timer });
    // A renewal of the same record changes nothing watchers can see.
    if (old === undefined || !sameRecord(old.instance, instance)) this.#notify(instance.service);
  }

  async deregister(instance: Instance): Promise<void> {
    const byKey = this.#services.get(instance.service);
    const key = instanceKey(instance);
    const lease = byKey?.get(key);
    if (lease === undefined) return;
    clearTimeout(lease.timer);
    byKey!.delete(key);
    this.#notify(instance.service);
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

  async close(): Promise<void> {
    for (const byKey of this.#services.values()) for (const lease of byKey.values()) clearTimeout(lease.timer);
    this.#services.clear();
    this.#watchers.clear();
  }

  #expire(service: string, key: string, timer: NodeJS.Timeout): void {
    const byKey = this.#services.get(service);
    if (byKey?.get(key)?.timer !== timer) return;
    byKey.delete(key);
    this.#notify(service);
  }

  #snapshot(service: string): readonly Instance[] {
    const byKey = this.#services.get(service);
    if (byKey === undefined) return [];
    const out: Instance[] = [];
    for (const lease of byKey.values()) out.push(lease.instance);
    return out;
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

/** Same record apart from the lease (what a renewal leaves unchanged). */
export function sameRecord(a: Instance, b: Instance): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The process-wide default registry used by `memory://` targets and `register: true`. */
export const memoryRegistry: MemoryRegistry = new MemoryRegistry();
