/**
 * A ring of time buckets holding a few numeric counters each: the one window
 * shape shared by the breakers, the shedder and the retry budget. Allocation
 * happens once, in the constructor; adding and summing allocate nothing.
 */

export class RollingWindow {
  /** Width of one bucket in ms. */
  readonly bucketMs: number;
  /** Number of buckets in the ring. */
  readonly buckets: number;
  readonly #fields: number;
  readonly #values: Float64Array;
  /** Running sum per field over the ring, so `sum` does not walk the buckets. */
  readonly #totals: Float64Array;
  /** Absolute number (floor(now / bucketMs)) of the newest bucket. */
  #head = Number.NEGATIVE_INFINITY;

  /**
   * @param windowMs total span of the window
   * @param buckets how many buckets split it (the window slides one bucket at a time)
   * @param fields how many counters each bucket holds (indexes 0..fields-1)
   */
  constructor(windowMs: number, buckets: number, fields: number) {
    if (!(windowMs > 0) || !Number.isInteger(buckets) || buckets < 1 || !Number.isInteger(fields) || fields < 1) {
      throw new RangeError(`rolling window needs windowMs > 0 and integer buckets, fields >= 1 (got ${windowMs}, ${buckets}, ${fields})`);
    }
    this.bucketMs = windowMs / buckets;
    this.buckets = buckets;
    this.#fields = fields;
    this.#values = new Float64Array(buckets * fields);
    this.#totals = new Float64Array(fields);
  }

  /** Move the window to `now`: buckets that fell out of it are zeroed. Time going back is ignored. */
  roll(now: number): void {
    const number = Math.floor(now / this.bucketMs);
    if (number <= this.#head) return;
    const stale = number - this.#head;
    if (stale >= this.buckets) {
      this.reset();
    } else {
      for (let n = this.#head + 1; n <= number; n++) this.#clear(n);
    }
    this.#head = number;
  }

  /** Add `amount` to counter `field` of the bucket holding `now`. */
  add(now: number, field: number, amount: number): void {
    this.roll(now);
    this.#values[this.#slot(this.#head) + field]! += amount;
    this.#totals[field]! += amount;
  }

  /** Sum of counter `field` over the whole window at `now`. */
  sum(now: number, field: number): number {
    this.roll(now);
    return this.#totals[field]!;
  }

  /**
   * Counter `field` of the bucket `age` buckets before the newest (0 = the
   * current, still filling bucket). Call `roll(now)` first.
   */
  at(age: number, field: number): number {
    return this.#values[this.#slot(this.#head - age) + field]!;
  }

  /** Absolute number of the current bucket (changes once per `bucketMs`). */
  get head(): number {
    return this.#head;
  }

  /** Zero every counter. */
  reset(): void {
    this.#values.fill(0);
    this.#totals.fill(0);
  }

  #slot(number: number): number {
    const index = number % this.buckets;
    return (index < 0 ? index + this.buckets : index) * this.#fields;
  }

  #clear(number: number): void {
    const start = this.#slot(number);
    for (let f = 0; f < this.#fields; f++) {
      this.#totals[f]! -= this.#values[start + f]!;
      this.#values[start + f] = 0;
    }
  }
}
