/**
 * Where the benchmark finds its inputs and puts its outputs. Compiled files live
 * in dist/bench/, so the repository root is two levels up from this module.
 */
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));

/** Repository root (the folder holding package.json). */
export const repoRoot = resolve(here, "..", "..");
/** Sources of the benchmark (IDL, .proto, results) in the repository, not in dist/. */
export const benchSourceDir = resolve(repoRoot, "bench");
/** The IDL every rpcgen peer is generated from. */
export const benchIdl = resolve(benchSourceDir, "idl", "bench.idl");
/** The .proto of the same messages for grpc-js and protobufjs. */
export const benchProto = resolve(benchSourceDir, "proto", "bench.proto");
/**
 * Parent of the generated rpcgen code, one folder per run (gitignored; inside the
 * repo so `rpcgen/runtime` resolves to this package). Per run, so that two runs at
 * once (a bench and the smoke test) never regenerate each other's files.
 */
export const benchGenRoot = resolve(repoRoot, ".out", "bench-gen");
/** Environment variable through which a run tells its workers where its generated module is. */
export const GEN_MODULE_ENV = "RPCGEN_BENCH_GEN_MODULE";

/** The transpiled generated module of this run (set by gen.ts, inherited by the workers). */
export function generatedModule(): string {
  const path = process.env[GEN_MODULE_ENV];
  if (path === undefined || path === "") {
    throw new Error(`${GEN_MODULE_ENV} is not set: run the bench through dist/bench/run.js, which generates the rpcgen code`);
  }
  return path;
}
/** Where `--profile` writes .cpuprofile files. */
export const profileDir = resolve(repoRoot, ".out", "profiles");
/** The user-facing benchmark page; its results table is refreshed by full runs. */
export const benchDoc = resolve(repoRoot, "docs", "benchmark.md");
/** Where results are written. */
export const resultsDir = resolve(benchSourceDir, "results");
/** The worker entry that runs one peer (server or client) in a child process. */
export const workerEntry = resolve(here, "worker.js");
