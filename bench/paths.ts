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
/** Generated rpcgen code (gitignored; inside the repo so `rpcgen/runtime` resolves to this package). */
export const benchGenDir = resolve(repoRoot, ".out", "bench-gen");
/** The transpiled generated module the rpcgen peers import. */
export const benchGenModule = resolve(benchGenDir, "bench.js");
/** Where `--profile` writes .cpuprofile files. */
export const profileDir = resolve(repoRoot, ".out", "profiles");
/** The user-facing benchmark page; its results table is refreshed by full runs. */
export const benchDoc = resolve(repoRoot, "docs", "benchmark.md");
/** Where results are written. */
export const resultsDir = resolve(benchSourceDir, "results");
/** The worker entry that runs one peer (server or client) in a child process. */
export const workerEntry = resolve(here, "worker.js");
