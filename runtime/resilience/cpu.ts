/**
 * Real CPU signals for the shedder. Kept apart from shedder.ts so the
 * algorithm stays pure and its tests pass a fake signal.
 */
import { availableParallelism, loadavg } from "node:os";
import { systemClock, type Clock } from "./clock.js";

/** Fraction of one core used: CPU µs spent over wall µs elapsed, clamped to 0..1. */
export function cpuFraction(usedMicros: number, elapsedMicros: number): number {
  if (!(elapsedMicros > 0)) return 0;
  const f = usedMicros / elapsedMicros;
  return f < 0 ? 0 : f > 1 ? 1 : f;
}

export interface CpuSamplerOptions {
  /** How often to sample, in ms. Default 250. */
  intervalMs?: number;
  /** Weight of the previous value in the moving average (0..1). Default 0.8. */
  decay?: number;
  /** CPU µs used by this process so far (user + system). Default from `process.cpuUsage()`. */
  usage?: () => number;
  clock?: Clock;
}

/**
 * Samples this process's CPU use relative to one core (the JavaScript thread
 * runs on one core, so that is where a Node server saturates), smoothed by an
 * exponential moving average. `read` is the shedder's `cpu` option.
 */
export class CpuSampler {
  readonly #usage: () => number;
  readonly #clock: Clock;
  readonly #decay: number;
  readonly #timer: ReturnType<typeof setInterval> | undefined;
  #lastUsed: number;
  #lastAt: number;
  #value = 0;

  /** Starts sampling on an unref'd timer unless `intervalMs` is 0 (then call `tick` yourself). */
  constructor(options: CpuSamplerOptions = {}) {
    this.#usage = options.usage ?? (() => {
      const u = process.cpuUsage();
      return u.user + u.system;
    });
    this.#clock = options.clock ?? systemClock;
    this.#decay = options.decay ?? 0.8;
    this.#lastUsed = this.#usage();
    this.#lastAt = this.#clock.now();
    const interval = options.intervalMs ?? 250;
    if (interval > 0) {
      this.#timer = setInterval(() => this.tick(), interval);
      this.#timer.unref();
    }
  }

  /** The smoothed CPU use, 0..1. */
  readonly read = (): number => this.#value;

  /** Take one sample now. */
  tick(): void {
    const used = this.#usage();
    const at = this.#clock.now();
    const sample = cpuFraction(used - this.#lastUsed, (at - this.#lastAt) * 1000);
    this.#value = this.#decay * this.#value + (1 - this.#decay) * sample;
    this.#lastUsed = used;
    this.#lastAt = at;
  }

  /** Stop sampling. */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
  }
}

/** The 1-minute load average per core, clamped to 0..1: a machine-wide alternative signal. */
export function loadAverageSignal(): number {
  const per = loadavg()[0]! / availableParallelism();
  return per > 1 ? 1 : per;
}
