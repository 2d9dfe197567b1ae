/**
 * Bytes allocated per call of a synchronous operation, from the heap size
 * before and after a loop run between two full collections. A loop during
 * which a collection ran is thrown away and retried ten times shorter, so the
 * figure is never hidden by a collection. The lowest of a few rounds is kept:
 * the optimising compiler finishing in the background adds a few hundred
 * kilobytes to one round now and then, which no single operation allocates.
 * `gc` is obtained at run time, so no node flag is needed.
 */
import { PerformanceObserver } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

export interface Allocation {
  /** Heap growth over the loop divided by its length, bytes. */
  readonly bytesPerOp: number;
  /** Length of the loop that ran without a collection. */
  readonly iterations: number;
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

/** Measure `op` (warmed up first) over at most `iterations` calls, best of `rounds`. */
export async function measureAllocation(op: () => void, iterations: number, rounds = 3): Promise<Allocation> {
  for (let i = 0; i < 100_000; i++) op(); // optimised before measuring
  let best: Allocation | undefined;
  for (let r = 0; r < rounds; r++) {
    const round = await measureRound(op, iterations);
    if (best === undefined || round.bytesPerOp < best.bytesPerOp) best = round;
  }
  return best!;
}

async function measureRound(op: () => void, iterations: number): Promise<Allocation> {
  // Collections that started inside the loop's window (others, e.g. while
  // settling, come from whatever else the process is doing).
  let window = { start: Infinity, end: -Infinity };
  let collections = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.startTime >= window.start && entry.startTime <= window.end) collections++;
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  try {
    for (let n = iterations; n >= 100; n = Math.floor(n / 10)) {
      collect();
      await settle();
      collections = 0;
      const start = performance.now();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < n; i++) op();
      const after = process.memoryUsage().heapUsed;
      window = { start, end: performance.now() };
      await settle(); // GC entries arrive asynchronously
      if (collections === 0) return { bytesPerOp: Math.max(0, after - before) / n, iterations: n };
    }
    throw new Error("a collection ran during every measuring loop: the operation allocates too much to measure");
  } finally {
    observer.disconnect();
  }
}
