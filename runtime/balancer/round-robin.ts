/**
 * Minimal round robin over a list of instances. The full balancer family
 * (weighted, hash, least-active, P2C-EWMA) comes with its own interface later.
 */
export class RoundRobin<T> {
  #next = 0;

  /** The next item, or undefined when the list is empty. */
  pick(items: readonly T[]): T | undefined {
    if (items.length === 0) return undefined;
    const i = this.#next++ % items.length;
    if (this.#next >= 0x3fffffff) this.#next = 0;
    return items[i];
  }
}
