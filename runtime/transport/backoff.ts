/** Reconnect backoff: exponential, capped, with jitter applied after the cap. */
export interface BackoffOptions {
  /** First delay. Default 1000 ms. */
  readonly initialMs?: number;
  /** Growth per failure. Default 1.6. */
  readonly multiplier?: number;
  /** Relative jitter, ±. Default 0.2. */
  readonly jitter?: number;
  /** Cap before jitter. Default 120000 ms. */
  readonly maxMs?: number;
}

export class Backoff {
  readonly #initial: number;
  readonly #multiplier: number;
  readonly #jitter: number;
  readonly #max: number;
  readonly #random: () => number;
  #current: number;

  constructor(options: BackoffOptions = {}, random: () => number = Math.random) {
    this.#initial = options.initialMs ?? 1000;
    this.#multiplier = options.multiplier ?? 1.6;
    this.#jitter = options.jitter ?? 0.2;
    this.#max = options.maxMs ?? 120_000;
    this.#random = random;
    this.#current = this.#initial;
  }

  /** The delay before the next attempt; each call grows the following one. */
  next(): number {
    const base = Math.min(this.#current, this.#max);
    this.#current = Math.min(this.#current * this.#multiplier, this.#max);
    const factor = 1 + this.#jitter * (this.#random() * 2 - 1);
    return Math.max(0, Math.round(base * factor));
  }

  /** Back to the initial delay (after a successful connect). */
  reset(): void {
    this.#current = this.#initial;
  }
}
