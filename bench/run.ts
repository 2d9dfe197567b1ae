/**
 * `npm run bench`: rpcgen against @grpc/grpc-js and a bare node:net ceiling,
 * each peer pair in two fresh processes, contenders run one after the other in
 * the same run; plus the codec micro-benchmark. See docs/benchmark.md.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonCase, protobufCase, runCodecBench, type CodecCase, type CodecReport } from "./codec.js";
import { machineInfo } from "./machine.js";
import { parseOptions, USAGE, type BenchOptions } from "./options.js";
import { runJob, type RunFigures } from "./orchestrate.js";
import { benchDoc, profileDir, resultsDir } from "./paths.js";
import { updateDocTable } from "./docs-table.js";
import { summarizeProfiles } from "./profile.js";
import { aggregate, checkTargets, computeRatios, renderMarkdown, type BenchReport } from "./report.js";
import { SCENARIOS, selectJobs, wantsCodec, type Contender, type Job } from "./scenarios.js";
import { generateBenchCode, removeBenchCode } from "./gen.js";

async function main(): Promise<number> {
  let options: BenchOptions | "help";
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    console.log(USAGE);
    return 0;
  }
  const opts = options;
  const jobs = selectJobs(opts.only);
  const needsRpcgen = jobs.some((j) => j.contender.startsWith("rpcgen")) || wantsCodec(opts.only);
  const genDir = needsRpcgen ? generateBenchCode() : undefined;
  try {
    return await runAll(opts, jobs);
  } finally {
    if (genDir !== undefined) removeBenchCode(genDir);
  }
}

/** Runs every job for every round, then the codec micro-benchmark; reports and writes the results. */
async function runAll(opts: BenchOptions, jobs: Job[]): Promise<number> {
  const log = (line: string): void => void (opts.json ? process.stderr : process.stdout).write(line + "\n");
  const profileTag = opts.profile ? new Date().toISOString().replace(/[:.]/g, "-") : undefined;
  const rounds = new Map<string, RunFigures[]>();
  const failures: string[] = [];
  for (let round = 1; round <= opts.repeat; round++) {
    for (const job of jobs) {
      const key = `${job.contender}:${job.scenario.name}`;
      const label = `[${round}/${opts.repeat}] ${job.scenario.name.padEnd(10)} ${job.contender.padEnd(8)}`;
      const settings = { warmupMs: opts.warmupS * 1000, durationMs: opts.durationS * 1000, ...(profileTag ? { profileTag } : {}) };
      let figures: RunFigures;
      try {
        figures = await runJob(job, settings);
      } catch (error) {
        // One broken peer must not cost the other jobs of a long run; the run still exits non-zero.
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${key} (round ${round}): ${message}`);
        log(`${label} FAILED: ${message.split("\n")[0]}`);
        continue;
      }
      log(`${label} ${Math.round(figures.callsPerSec).toLocaleString("en-US").padStart(9)} calls/s  p50 ${figures.p50Ms.toFixed(3)} ms  p99 ${figures.p99Ms.toFixed(3)} ms${figures.errors ? `  ${figures.errors} errors (${figures.firstError})` : ""}`);
      const list = rounds.get(key) ?? [];
      list.push(figures);
      rounds.set(key, list);
    }
  }

  const results: BenchReport["results"] = {};
  for (const [key, list] of rounds) {
    const [contender, scenario] = key.split(":") as [Contender, string];
    (results[contender] ??= {})[scenario] = aggregate(list);
  }

  let codec: CodecReport | undefined;
  if (wantsCodec(opts.only)) {
    // Imported lazily: it loads the runtime, which a --only ceiling,grpc run never needs.
    const { rpcgenCodecCase } = await import("./codec-rpcgen.js");
    const cases: CodecCase[] = [await rpcgenCodecCase(), protobufCase(), jsonCase()];
    // Quick runs scale it down with --duration, so the smoke test stays short.
    codec = runCodecBench(cases, opts.quick ? Math.min(300, opts.durationS * 200) : 1500, opts.quick ? 1 : 3);
  }

  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    settings: { quick: opts.quick, warmupS: opts.warmupS, durationS: opts.durationS, repeat: opts.repeat },
    scenarios: SCENARIOS.map((s) => ({ name: s.name, title: s.title, inFlight: s.inFlight, payload: s.nameBytes > 0 ? `${s.nameBytes} B name` : "small", oneway: s.oneway })),
    results,
    ratios: computeRatios(results),
    ...(codec ? { codec } : {}),
    targets: checkTargets(results, codec),
    failures,
  };
  const markdown = renderMarkdown(report);
  if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else process.stdout.write("\n" + markdown);
  if (failures.length > 0) {
    // Written all the same (a long run is not thrown away), with the failures listed; the exit status says it failed.
    console.error(`\n${failures.length} job(s) failed:\n${failures.map((f) => `  ${f}`).join("\n")}`);
  }
  if (opts.write) {
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, "latest.md"), markdown);
    writeFileSync(join(resultsDir, "latest.json"), JSON.stringify(report, null, 2) + "\n");
    log(`\nwrote ${join(resultsDir, "latest.md")} and latest.json`);
    // The doc quotes the table without its title line (the doc has its own headings).
    if (updateDocTable(benchDoc, markdown.replace(/^# .*\n\n/, ""))) log(`updated the results in ${benchDoc}`);
  }
  if (profileTag !== undefined) {
    const dir = join(profileDir, profileTag);
    log(`\nCPU profiles in ${dir}\n`);
    log(summarizeProfiles(dir, 25));
  }
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
