/**
 * A clock that moves only when the test says so, for the resilience state
 * machines (anything that takes a `Clock`).
 */
import type { Clock } from "../../runtime/resilience/clock.js";

export class FakeClock implements Clock {
  #now: number;

  /** Starts at `start` ms (default 0). */
  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Move forward by `ms` (must be >= 0). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`FakeClock.advance needs ms >= 0 (got ${ms})`);
    this.#now += ms;
  }

  /** Jump to an absolute time (may go backwards, to test clocks that do). */
  set(ms: number): void {
    this.#now = ms;
  }
}

/** A deterministic random source: returns `values` in turn, cycling. */
export function sequenceRandom(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}
