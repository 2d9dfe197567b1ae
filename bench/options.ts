/**
 * Command-line flags of `npm run bench` (dist/bench/run.js).
 */
import { parseArgs } from "node:util";
import { knownTokens } from "./scenarios.js";

export interface BenchOptions {
  /** A run under a minute: shorter warm-up and measure, one round. */
  quick: boolean;
  /** Contenders / scenarios / `codec` to run; empty = all. */
  only: string[];
  /** Warm-up per run, seconds. */
  warmupS: number;
  /** Measured time per run, seconds. */
  durationS: number;
  /** Rounds over all jobs; each figure is the median of the rounds. */
  repeat: number;
  /** Write .cpuprofile files of the rpcgen and ceiling clients and servers into .out/profiles/. */
  profile: boolean;
  /** Write bench/results/latest.{md,json} (default: true for a full run of everything, false otherwise). */
  write: boolean;
  /** Print the JSON report on stdout instead of the table (used by the smoke test). */
  json: boolean;
}

export const USAGE = `usage: node dist/bench/run.js [options]
  --quick              a run under a minute (warm-up 0.7 s, measure 1.5 s, 1 round)
  --only A[,B...]      contenders (rpcgen, rpcgen-admission, rpcgen-breaker, rpcgen-metrics, rpcgen-tracing, grpc, ceiling,
                       rpcgen-x3, rpcgen-governed), scenarios (small-1, small-16,
                       small-128, large-16, oneway-128), pairs (rpcgen:small-16), or codec
  --duration SECONDS   measured time per run (default 5, quick 1.5)
  --warmup SECONDS     warm-up per run (default 2, quick 0.7)
  --repeat N           rounds; figures are medians (default 3, quick 1)
  --profile            write .cpuprofile files of the rpcgen and ceiling peers to .out/profiles/
  --write / --no-write write bench/results/latest.{md,json} (default: only for a full run)
  --json               print the JSON report on stdout instead of the table
  --help`;

/** Parses argv; throws an Error with a usage hint on a bad flag. */
export function parseOptions(argv: readonly string[]): BenchOptions | "help" {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string", multiple: true },
      duration: { type: "string" },
      warmup: { type: "string" },
      repeat: { type: "string" },
      profile: { type: "boolean", default: false },
      write: { type: "boolean" },
      "no-write": { type: "boolean" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return "help";
  const quick = values.quick === true;
  const only = (values.only ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
  const known = new Set(knownTokens());
  for (const token of only) {
    if (!known.has(token)) throw new Error(`unknown --only value "${token}"; known: ${[...known].join(", ")}`);
  }
  const warmupS = seconds(values.warmup, quick ? 0.7 : 2, "--warmup");
  const durationS = seconds(values.duration, quick ? 1.5 : 5, "--duration");
  const repeat = values.repeat === undefined ? (quick ? 1 : 3) : Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat must be a positive integer, got "${values.repeat}"`);
  const fullRun = !quick && only.length === 0;
  const write = values["no-write"] === true ? false : values.write === true ? true : fullRun;
  return { quick, only, warmupS, durationS, repeat, profile: values.profile === true, write, json: values.json === true };
}

function seconds(raw: string | undefined, fallback: number, flag: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number of seconds, got "${raw}"`);
  return n;
}
