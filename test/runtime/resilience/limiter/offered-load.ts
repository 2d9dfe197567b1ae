/**
 * Drives a limiter with evenly spaced calls on a fake clock and counts the
 * admissions per window, so tests can state exact figures.
 */
import type { Limiter } from "../../../../runtime/resilience/limiter/limiter.js";
import type { FakeClock } from "../../../helpers/fake-clock.js";

export interface OfferedLoad {
  /** Admitted calls per window, in order. */
  readonly perWindow: number[];
  readonly admitted: number;
  readonly offered: number;
}

/** Offer one call every `everyMs` from the clock's current time for `windows` windows of `windowMs`. */
export function offer(limiter: Limiter, clock: FakeClock, everyMs: number, windows: number, windowMs = 1000): OfferedLoad {
  const perWindow = new Array<number>(windows).fill(0);
  const start = clock.now();
  let offered = 0;
  for (let t = 0; t < windows * windowMs; t += everyMs) {
    clock.set(start + t);
    offered++;
    if (limiter.tryAcquire() === 0) perWindow[Math.floor(t / windowMs)]!++;
  }
  return { perWindow, admitted: perWindow.reduce((a, b) => a + b, 0), offered };
}
