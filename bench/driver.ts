/**
 * The closed-loop load driver (runs in the client process): keeps N calls in
 * flight, each completion issuing the next, through a warm-up and a measured
 * window. Latencies go into an HDR histogram in microseconds.
 */
import { build, type Histogram } from "hdr-histogram-js";
import { performance } from "node:perf_hooks";
import { startGcMeter } from "./gc-meter.js";
import { echoes, type BenchItem } from "./payload.js";
import type { PeerClient } from "./peers/peer.js";

export interface DriveOptions {
  inFlight: number;
  oneway: boolean;
  warmupMs: number;
  durationMs: number;
  /** Called when the measured window opens and closes (the parent samples the server then). */
  onPhase(phase: "measure-start" | "measure-end"): void;
}

export interface DriveResult {
  /** Calls completed inside the measured window. */
  calls: number;
  errors: number;
  /** Length of the measured window, ms. */
  elapsedMs: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
  /** Client CPU (user + system) spent in the window, µs. */
  cpuUs: number;
  /** The kernel's part of `cpuUs` (socket syscalls, the loopback TCP stack). */
  sysUs: number;
  /** Garbage-collection pauses in the window, ms. */
  gcMs: number;
  /** Longest the client's event loop went without turning in the window, ms (a starved loop shows here). */
  loopDelayMaxMs: number;
  /** First error seen, for the report. */
  firstError?: string;
}

/** One in-flight slot: its start time and completion handlers are bound once, not per call. */
interface Slot {
  start: number;
  readonly onDone: (value?: unknown) => void;
  readonly onError: (error: unknown) => void;
  readonly onCallback: (error: unknown, value?: unknown) => void;
}

/** Runs the loop; resolves after the window closes and the calls still in flight have settled. */
export async function drive(client: PeerClient, items: readonly BenchItem[], opts: DriveOptions): Promise<DriveResult> {
  if (items.length === 0 || (items.length & (items.length - 1)) !== 0) throw new Error("the request pool must be a power of two");
  const requests = items.map((item) => client.prepare(item));
  const mask = requests.length - 1;
  let next = 0;
  await checkEcho(client, items[0]!, requests[0], opts.oneway);

  const histogram: Histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  let measuring = false;
  let stopping = false;
  let calls = 0;
  let errors = 0;
  let inFlight = 0;
  let firstError: string | undefined;
  let drained: (() => void) | undefined;
  // Phases end on a timer, or from the completion path once their time is up: a client
  // library that never yields to the event loop starves timers, and must not hang the bench.
  let phaseEnd = Infinity;
  let phaseDone: (() => void) | undefined;
  let phaseTimer: NodeJS.Timeout | undefined;
  let completions = 0;
  const endPhase = (): void => {
    const done = phaseDone;
    phaseDone = undefined;
    phaseEnd = Infinity;
    clearTimeout(phaseTimer);
    done?.();
  };
  const phase = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      phaseDone = resolve;
      phaseEnd = performance.now() + ms;
      phaseTimer = setTimeout(endPhase, ms);
    });

  const complete = (slot: Slot, error: unknown): void => {
    inFlight--;
    if (measuring) {
      if (error == null) {
        calls++;
        histogram.recordValue(Math.max(1, Math.round((performance.now() - slot.start) * 1000)));
      } else {
        errors++;
      }
    }
    if (error != null && firstError === undefined) firstError = describe(error);
    if ((++completions & 63) === 0 && performance.now() >= phaseEnd) endPhase();
    if (stopping) {
      if (inFlight === 0) drained?.();
      return;
    }
    issue(slot);
  };

  const issue = (slot: Slot): void => {
    inFlight++;
    const request = requests[next++ & mask];
    slot.start = performance.now();
    if (opts.oneway) {
      client.onewayAsync!(request).then(slot.onDone, slot.onError);
    } else if (client.unaryCallback !== undefined) {
      client.unaryCallback(request, slot.onCallback);
    } else {
      client.unaryAsync!(request).then(slot.onDone, slot.onError);
    }
  };

  const slots: Slot[] = [];
  for (let i = 0; i < opts.inFlight; i++) {
    const slot: Slot = {
      start: 0,
      onDone: () => complete(slot, undefined),
      onError: (error) => complete(slot, error ?? new Error("rejected with no reason")),
      onCallback: (error) => complete(slot, error),
    };
    slots.push(slot);
  }
  for (const slot of slots) issue(slot);

  const gc = startGcMeter();
  await phase(opts.warmupMs);
  histogram.reset();
  const stall = startStallProbe();
  const gc0 = gc.totalMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  measuring = true;
  opts.onPhase("measure-start");

  await phase(opts.durationMs);
  measuring = false;
  const loopDelayMaxMs = stall.stop();
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const gcMs = gc.totalMs() - gc0;
  gc.stop();
  opts.onPhase("measure-end");

  stopping = true;
  if (inFlight > 0) {
    await Promise.race([new Promise<void>((resolve) => (drained = resolve)), sleep(10_000)]);
  }
  const result: DriveResult = {
    calls,
    errors,
    elapsedMs,
    p50Us: histogram.getValueAtPercentile(50),
    p99Us: histogram.getValueAtPercentile(99),
    maxUs: histogram.maxValue,
    cpuUs: cpu.user + cpu.system,
    sysUs: cpu.system,
    gcMs,
    loopDelayMaxMs,
  };
  if (firstError !== undefined) result.firstError = firstError;
  return result;
}

/** One call before the loop proves the peer really echoes (a benchmark of wrong answers is worthless). */
async function checkEcho(client: PeerClient, item: BenchItem, request: unknown, oneway: boolean): Promise<void> {
  if (oneway) {
    if (client.onewayAsync === undefined) throw new Error("this contender has no oneway calls");
    await client.onewayAsync(request);
    return;
  }
  const response = await new Promise<unknown>((resolve, reject) => {
    if (client.unaryCallback !== undefined) {
      client.unaryCallback(request, (error, value) => (error == null ? resolve(value) : reject(error)));
    } else if (client.unaryAsync !== undefined) {
      client.unaryAsync(request).then(resolve, reject);
    } else {
      reject(new Error("this contender has no unary calls"));
    }
  });
  if (!echoes(item, response)) throw new Error(`the response does not echo the request: ${describe(response)}`);
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))?.slice(0, 200) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The longest time the event loop went without running a 10 ms interval timer,
 * the open gap at the end included (a loop starved to the end never runs it).
 */
function startStallProbe(): { stop(): number } {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > worst) worst = now - last;
    last = now;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(worst, performance.now() - last);
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
