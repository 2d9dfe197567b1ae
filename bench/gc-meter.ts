/**
 * Time spent in garbage collection, from the runtime's own GC events (no flags
 * needed). Entries arrive asynchronously, so a reading may miss the last few
 * milliseconds; good enough for a share of a multi-second window.
 */
import { PerformanceObserver } from "node:perf_hooks";

export interface GcMeter {
  /** GC pause time observed since the meter started, ms. */
  totalMs(): number;
  stop(): void;
}

export function startGcMeter(): GcMeter {
  let total = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) total += entry.duration;
  });
  observer.observe({ entryTypes: ["gc"] });
  return { totalMs: () => total, stop: () => observer.disconnect() };
}
