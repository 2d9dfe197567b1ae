/**
 * What the benchmark runs: contenders and scenarios, and how `--only` picks them.
 */

/** The peers compared in one run. */
export const CONTENDERS = ["rpcgen", "rpcgen-admission", "rpcgen-breaker", "rpcgen-metrics", "rpcgen-tracing", "grpc", "ceiling", "rpcgen-x3", "rpcgen-governed"] as const;
export type Contender = (typeof CONTENDERS)[number];

/** One load shape. */
export interface Scenario {
  /** Stable name used in tables, JSON keys and `--only`. */
  readonly name: string;
  /** Human description for the report. */
  readonly title: string;
  /** Calls kept in flight by the closed loop. */
  readonly inFlight: number;
  /** Size the request's name is padded to (0 = small payload). */
  readonly nameBytes: number;
  /** Oneway calls: throughput is counted by the server's receipts. */
  readonly oneway: boolean;
  /** The contenders that run it. */
  readonly contenders: readonly Contender[];
}

/** The peers every plain scenario compares. */
const ALL: readonly Contender[] = ["rpcgen", "grpc", "ceiling"];
/** Three rpcgen servers behind one memory:// view: the default path against the governed one (P2C-EWMA, a label router). */
const THREE: readonly Contender[] = ["rpcgen-x3", "rpcgen-governed"];
/**
 * Plus rpcgen with a server limiter that never trips, with a client breaker
 * that never trips, with Prometheus metrics and with OpenTelemetry tracing,
 * right after plain rpcgen in the same run: the cost of admission and of the
 * breaker (issue 13) and of observability (issue 14) on the call path.
 */
const WITH_ADMISSION: readonly Contender[] = ["rpcgen", "rpcgen-admission", "rpcgen-breaker", "rpcgen-metrics", "rpcgen-tracing", "grpc", "ceiling"];

export const SCENARIOS: readonly Scenario[] = [
  { name: "small-1", title: "small payload, 1 in flight", inFlight: 1, nameBytes: 0, oneway: false, contenders: ALL },
  { name: "small-16", title: "small payload, 16 in flight", inFlight: 16, nameBytes: 0, oneway: false, contenders: WITH_ADMISSION },
  { name: "small-128", title: "small payload, 128 in flight", inFlight: 128, nameBytes: 0, oneway: false, contenders: WITH_ADMISSION },
  { name: "large-16", title: "16 KiB payload, 16 in flight", inFlight: 16, nameBytes: 16 * 1024, oneway: false, contenders: ALL },
  { name: "oneway-128", title: "oneway, 128 in flight", inFlight: 128, nameBytes: 0, oneway: true, contenders: ["rpcgen"] },
  { name: "three-16", title: "three servers, small payload, 16 in flight", inFlight: 16, nameBytes: 0, oneway: false, contenders: THREE },
  { name: "three-128", title: "three servers, small payload, 128 in flight", inFlight: 128, nameBytes: 0, oneway: false, contenders: THREE },
];

/** One (contender, scenario) pair to run. */
export interface Job {
  readonly contender: Contender;
  readonly scenario: Scenario;
}

/**
 * Expands `--only` tokens into jobs. A token names a contender (`ceiling`), a
 * scenario (`small-16`), or both (`rpcgen:small-16`); `codec` is handled by the
 * caller. No tokens means everything.
 */
export function selectJobs(only: readonly string[]): Job[] {
  const tokens = only.filter((t) => t !== "codec");
  const jobs: Job[] = [];
  for (const scenario of SCENARIOS) {
    for (const contender of scenario.contenders) {
      if (tokens.length === 0 && only.length > 0) continue; // only "codec" asked
      if (tokens.length === 0 || tokens.some((t) => matches(t, contender, scenario.name))) jobs.push({ contender, scenario });
    }
  }
  return jobs;
}

function matches(token: string, contender: string, scenario: string): boolean {
  const [a, b] = token.split(":");
  if (b !== undefined) return a === contender && b === scenario;
  return token === contender || token === scenario;
}

/** True when `--only` asks for the codec micro-benchmark (or nothing was asked, so everything runs). */
export function wantsCodec(only: readonly string[]): boolean {
  return only.length === 0 || only.includes("codec");
}

/** Every token `--only` accepts, for the usage message and for rejecting typos. */
export function knownTokens(): string[] {
  const names = new Set<string>(["codec", ...CONTENDERS, ...SCENARIOS.map((s) => s.name)]);
  for (const s of SCENARIOS) for (const c of s.contenders) names.add(`${c}:${s.name}`);
  return [...names];
}
