/**
 * Micro-benchmark of the resilience state machines on their admit paths, in a
 * state where they never trip (what every call pays when nothing is wrong):
 * ns per operation (median of 5 runs) and the garbage collections one more
 * run of the same length triggers (0 when the path allocates nothing).
 *
 * `npm run build && node dist/bench/resilience.js [--ops N] [--epoch]`: simulated time starts at 0,
 * or with --epoch at `Date.now()` (V8 boxes numbers that large when they cross a call, which the
 * GC column then shows even for the bulkhead, which ignores time). Not part of `npm run bench`.
 */
import { PerformanceObserver } from "node:perf_hooks";
import { BreakerGuard } from "../runtime/resilience/guard.js";
import { ErrorRateBreaker } from "../runtime/resilience/breaker/error-rate.js";
import { SreThrottle } from "../runtime/resilience/breaker/sre-throttle.js";
import { ServerAdmission, type Ticket } from "../runtime/resilience/admission.js";
import { Bulkhead } from "../runtime/resilience/bulkhead.js";
import { FixedWindow } from "../runtime/resilience/limiter/fixed-window.js";
import { LeakyBucket } from "../runtime/resilience/limiter/leaky-bucket.js";
import { SlidingWindow } from "../runtime/resilience/limiter/sliding-window.js";
import { TokenBucket } from "../runtime/resilience/limiter/token-bucket.js";
import { RetryBudget } from "../runtime/resilience/retry-budget.js";
import { Shedder } from "../runtime/resilience/shedder.js";
import { makeInstance } from "../runtime/registry/registry.js";
import type { MethodDescriptor } from "../runtime/schema/types.js";
import { median, round } from "./stats.js";

/** One operation at time `now` (ms); returns something so the JIT cannot drop it. */
type Op = (now: number) => number;

const HUGE = 1e12; // a limit no benchmark reaches
const method: MethodDescriptor = { name: "get", service: "bench.Svc", kind: "unary", params: [], throws: [], idempotent: true, annotations: {} };
const instance = makeInstance({ service: "bench.Svc", host: "127.0.0.1", port: 1, startTime: 0 });

function subjects(): [string, Op][] {
  const token = new TokenBucket({ limit: HUGE });
  const leaky = new LeakyBucket({ limit: HUGE, burst: HUGE });
  const fixed = new FixedWindow({ limit: HUGE });
  const sliding = new SlidingWindow({ limit: HUGE });
  const tokenClock = new TokenBucket({ limit: HUGE });
  const breaker = new ErrorRateBreaker();
  const sre = new SreThrottle();
  const budget = new RetryBudget();
  const shedder = new Shedder({ cpu: () => 0.1 });
  const bulkhead = new Bulkhead<MethodDescriptor>({ maxConcurrent: 10 });
  const guard = new BreakerGuard(() => new ErrorRateBreaker());
  const admission = new ServerAdmission({ limiter: () => new TokenBucket({ limit: HUGE }) });
  return [
    ["baseline: an empty operation", (now) => now],
    ["token bucket tryAcquire(now)", (now) => token.tryAcquire(now)],
    ["token bucket tryAcquire() (Date.now clock)", () => tokenClock.tryAcquire()],
    ["leaky bucket tryAcquire(now)", (now) => leaky.tryAcquire(now)],
    ["fixed window tryAcquire(now)", (now) => fixed.tryAcquire(now)],
    ["sliding window tryAcquire(now)", (now) => sliding.tryAcquire(now)],
    ["error-rate breaker allow + done(success)", (now) => (breaker.done("success", now), breaker.allow(now))],
    ["SRE throttle allow + done(success)", (now) => (sre.done("success", now), sre.allow(now))],
    ["retry budget onCall", (now) => (budget.onCall(now), 0)],
    ["shedder admit + done (CPU calm)", (now) => (shedder.done(1, now), shedder.admit(now))],
    ["bulkhead tryAcquire + release", () => (bulkhead.tryAcquire(method) ? (bulkhead.release(method), 0) : 1)],
    ["BreakerGuard admit(now) + done (per instance)", (now) => (guard.done(instance, method, undefined, 1, now), guard.admit(instance, method, now) === undefined ? 0 : 1)],
    ["ServerAdmission admit(now) + ticket.done (token bucket)", (now) => {
      const t = admission.admit(method, 0, now) as Ticket;
      t.done(undefined, 1, now);
      return now;
    }],
  ];
}

function run(op: Op, ops: number, start: number): number {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  // 8 operations per simulated ms (integer times, so no boxed numbers): buckets and windows roll as in real traffic.
  for (let i = 0; i < ops; i++) sink += op(start + (i >> 3));
  const ns = Number(process.hrtime.bigint() - t0);
  if (sink === -1) console.log(""); // keep `sink` alive
  return ns / ops;
}

/** Garbage collections during `ops` operations (GC entries arrive asynchronously, hence the waits). */
async function collections(op: Op, ops: number, start: number): Promise<number> {
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  await tick();
  let count = 0;
  const observer = new PerformanceObserver((list) => (count += list.getEntries().length));
  observer.observe({ entryTypes: ["gc"] });
  run(op, ops, start);
  await tick();
  await tick();
  observer.disconnect();
  return count;
}

async function main(): Promise<void> {
  const opsArg = process.argv.indexOf("--ops");
  const ops = opsArg > 0 ? Number(process.argv[opsArg + 1]) : 1_000_000;
  console.log(`resilience admit paths, ${ops} ops per run, median of 5 runs (Node ${process.version})`);
  console.log("| operation | ns/op | GCs during a run |\n|---|---|---|");
  let start = process.argv.includes("--epoch") ? Date.now() : 0;
  for (const [name, op] of subjects()) {
    run(op, ops, start); // warm-up
    start += ops >> 3;
    const times: number[] = [];
    for (let r = 0; r < 5; r++, start += ops >> 3) times.push(run(op, ops, start));
    const gcs = await collections(op, ops, start);
    start += ops >> 3;
    console.log(`| ${name} | ${round(median(times), 3)} | ${gcs} |`);
  }
}

await main();
