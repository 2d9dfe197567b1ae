/**
 * The table of calls in flight on one connection, keyed by request id (u32).
 *
 * Why not a Map: a connection adds and deletes one entry per call, and a Map
 * under that churn keeps filling with deleted entries and rehashes into a new
 * backing store every few hundred calls (garbage on the hot path). This is
 * open addressing with linear probing; deletion shifts the following entries
 * back (no tombstones), so the table never needs a rebuild except to grow.
 * Ids are scattered by a multiplicative (Fibonacci) hash: sequential ids
 * placed at `id & mask` would form one long run, and every delete would walk it.
 */
export class IdTable<T extends object> {
  #keys: Uint32Array;
  #values: (T | undefined)[];
  #mask: number;
  /** 32 - log2(capacity): the hash keeps the top bits of the product. */
  #shift: number;
  #size = 0;

  constructor(initialCapacity = 64) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.#keys = new Uint32Array(cap);
    this.#values = new Array<T | undefined>(cap).fill(undefined);
    this.#mask = cap - 1;
    this.#shift = 32 - Math.log2(cap);
  }

  get size(): number {
    return this.#size;
  }

  get(id: number): T | undefined {
    const keys = this.#keys;
    const values = this.#values;
    const mask = this.#mask;
    for (let i = this.#home(id); ; i = (i + 1) & mask) {
      const v = values[i];
      if (v === undefined || keys[i] === id) return v;
    }
  }

  /** Adds or replaces the entry of `id`. */
  set(id: number, value: T): void {
    if ((this.#size + 1) * 2 > this.#values.length) this.#grow();
    const keys = this.#keys;
    const values = this.#values;
    const mask = this.#mask;
    let i = this.#home(id);
    while (values[i] !== undefined && keys[i] !== id) i = (i + 1) & mask;
    if (values[i] === undefined) this.#size++;
    keys[i] = id;
    values[i] = value;
  }

  /** Removes the entry of `id`; false when there was none. */
  delete(id: number): boolean {
    const keys = this.#keys;
    const values = this.#values;
    const mask = this.#mask;
    let i = this.#home(id);
    for (;;) {
      if (values[i] === undefined) return false;
      if (keys[i] === id) break;
      i = (i + 1) & mask;
    }
    // Backward-shift deletion: move up every following entry whose home slot
    // is not between the hole and itself, so probes never cross an empty slot.
    for (let j = (i + 1) & mask; values[j] !== undefined; j = (j + 1) & mask) {
      const home = this.#home(keys[j]!);
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!stays) {
        keys[i] = keys[j]!;
        values[i] = values[j];
        i = j;
      }
    }
    values[i] = undefined;
    this.#size--;
    return true;
  }

  /** A snapshot of the values (safe to use while the table changes). */
  values(): T[] {
    const out: T[] = [];
    for (const v of this.#values) if (v !== undefined) out.push(v);
    return out;
  }

  clear(): void {
    this.#values.fill(undefined);
    this.#size = 0;
  }

  /** The slot an id hashes to. */
  #home(id: number): number {
    return Math.imul(id, 0x9e3779b1) >>> this.#shift;
  }

  #grow(): void {
    const oldKeys = this.#keys;
    const oldValues = this.#values;
    const cap = oldValues.length * 2;
    this.#keys = new Uint32Array(cap);
    this.#values = new Array<T | undefined>(cap).fill(undefined);
    this.#mask = cap - 1;
    this.#shift = 32 - Math.log2(cap);
    this.#size = 0;
    for (let i = 0; i < oldValues.length; i++) {
      const v = oldValues[i];
      if (v !== undefined) this.set(oldKeys[i]!, v);
    }
  }
}
