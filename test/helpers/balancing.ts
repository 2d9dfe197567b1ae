/**
 * Fakes for balancer and router tests: instance lists, a call, a seeded
 * random source, a chi-square bound, and a closed-loop load simulated on a
 * virtual clock (no sockets, no timers), so feedback policies see latencies
 * and errors that the test chose.
 */
import type { Metadata } from "../../runtime/call.js";
import type { Balancer, PickInfo, Picked } from "../../runtime/balancer/balancer.js";
import { Code } from "../../runtime/codes.js";
import { RpcError } from "../../runtime/errors.js";
import { makeInstance, type Instance } from "../../runtime/registry/registry.js";
import { Echo } from "./descriptors.js";

/** Instances a, b, c... on 10.0.0.x:7000 with the given weights (default 100 each). */
export function instances(count: number, weights: readonly number[] = []): Instance[] {
  return Array.from({ length: count }, (_, i) =>
    makeInstance({ service: "test.Echo", host: `10.0.0.${i + 1}`, port: 7000, weight: weights[i] ?? 100, startTime: 0 }),
  );
}

/** The letter of an instance made by {@link instances}: 10.0.0.1 -> "a". */
export function nameOf(instance: Instance): string {
  return String.fromCharCode(96 + Number(instance.host.split(".")[3]));
}

/** a..f on 10.0.0.x:7000: groups, labels and versions for the routers to pick from. */
export function fleet(): Instance[] {
  const specs: Partial<Instance>[] = [
    { group: "canary", version: "2", labels: { env: "prod", ab: "a" } },
    { group: "", version: "1", labels: { env: "prod", ab: "b" } },
    { group: "", version: "1", labels: { env: "prod", ab: "a", pool: "vip" } },
    { group: "canary", version: "2", labels: { env: "loadtest" } },
    { group: "", version: "1", labels: { env: "loadtest", ab: "b" } },
    { group: "", version: "1", labels: { pool: "vip" } },
  ];
  return specs.map((s, i) => makeInstance({ service: "test.Echo", host: `10.0.0.${i + 1}`, port: 7000, startTime: 0, ...s }));
}

/** A call of test.Echo/echo. */
export function callInfo(key?: string, metadata: Metadata = {}): PickInfo {
  return { method: Echo.methods["echo"]!, metadata, key };
}

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many of `picks` picks went to each instance (done() reported at once, no error, 1 ms). */
export function countPicks(balancer: Balancer, list: readonly Instance[], picks: number, key?: (i: number) => string): number[] {
  const counts = new Array<number>(list.length).fill(0);
  for (let i = 0; i < picks; i++) {
    const picked = balancer.pick(list, callInfo(key?.(i)))!;
    counts[list.indexOf(picked.instance)]!++;
    picked.done?.(undefined, 1);
  }
  return counts;
}

// Chi-square critical values at p = 0.001 by degrees of freedom.
const CRITICAL_0_001: Record<number, number> = { 1: 10.83, 2: 13.82, 3: 16.27, 4: 18.47, 9: 27.88, 29: 58.3 };

/** Pearson's statistic of `observed` against `shares` (summing to 1) and its p = 0.001 bound. */
export function chiSquare(observed: readonly number[], shares: readonly number[]): { statistic: number; bound: number } {
  const total = observed.reduce((a, b) => a + b, 0);
  let statistic = 0;
  observed.forEach((o, i) => {
    const e = total * shares[i]!;
    statistic += ((o - e) * (o - e)) / e;
  });
  const bound = CRITICAL_0_001[observed.length - 1];
  if (bound === undefined) throw new Error(`no chi-square bound for ${observed.length - 1} degrees of freedom`);
  return { statistic, bound };
}

export interface SimulatedInstance {
  /** Service time of one call, ms. */
  readonly latencyMs: number;
  /** Share of calls that fail (UNAVAILABLE), drawn with the seeded source. */
  readonly errorRate?: number;
}

/**
 * `calls` calls from `concurrency` closed-loop callers on a virtual clock:
 * each caller picks, waits its instance's latency, reports done(), picks
 * again. Returns the picks per instance. `clock.now` must be the balancer's `now`.
 */
export function simulate(
  balancer: Balancer,
  list: readonly Instance[],
  behaviour: readonly SimulatedInstance[],
  clock: { now: number },
  options: { concurrency: number; calls: number; random: () => number },
): number[] {
  const counts = new Array<number>(list.length).fill(0);
  const inFlight: { at: number; started: number; picked: Picked; fails: boolean }[] = [];
  let started = 0;
  const start = (): void => {
    const picked = balancer.pick(list, callInfo())!;
    const i = list.indexOf(picked.instance);
    counts[i]!++;
    started++;
    const b = behaviour[i]!;
    const jitter = 0.9 + 0.2 * options.random();
    const fails = options.random() < (b.errorRate ?? 0);
    inFlight.push({ at: clock.now + b.latencyMs * jitter, started: clock.now, picked, fails });
  };
  for (let c = 0; c < options.concurrency; c++) start();
  while (inFlight.length > 0) {
    let first = 0;
    for (let k = 1; k < inFlight.length; k++) if (inFlight[k]!.at < inFlight[first]!.at) first = k;
    const call = inFlight.splice(first, 1)[0]!;
    clock.now = call.at;
    const error = call.fails ? new RpcError(Code.UNAVAILABLE, "simulated failure") : undefined;
    call.picked.done?.(error, call.at - call.started);
    if (started < options.calls) start();
  }
  return counts;
}
