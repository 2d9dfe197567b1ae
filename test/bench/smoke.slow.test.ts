/**
 * Keeps the benchmark from rotting: runs it in a tiny mode and checks that it
 * produces a well-formed JSON report with positive throughput. No assertion on
 * how fast anything is (machines are noisy).
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import type { BenchReport } from "../../bench/report.js";

const runJs = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "run.js");

function runBench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    execFile(process.execPath, [runJs, ...args], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolveRun({ code, stdout, stderr });
    });
  });
}

const TINY = ["--quick", "--duration", "0.5", "--warmup", "0.3", "--repeat", "1", "--no-write", "--json"];

describe("bench smoke", function () {
  this.timeout(120_000);

  it("runs the ceiling, rpcgen (unary and oneway) and the codecs, and reports positive figures and ratios", async () => {
    const { code, stdout, stderr } = await runBench([...TINY, "--only", "ceiling:small-16,rpcgen:small-16,rpcgen:oneway-128,codec"]);
    expect(code, stderr).to.equal(0);
    const report = JSON.parse(stdout) as BenchReport;
    expect(report.machine.cores).to.be.greaterThan(0);
    expect(report.machine.node).to.equal(process.version);
    expect(Date.parse(report.date)).to.not.be.NaN;
    const runs = [report.results.ceiling?.["small-16"], report.results.rpcgen?.["small-16"], report.results.rpcgen?.["oneway-128"]];
    for (const r of runs) {
      expect(r, "a result per job").to.not.equal(undefined);
      expect(r!.callsPerSec).to.be.greaterThan(0);
      expect(r!.errors).to.equal(0);
      expect(r!.p50Ms).to.be.greaterThan(0);
      expect(r!.p99Ms).to.be.at.least(r!.p50Ms);
      expect(r!.serverPeakRssMb).to.be.greaterThan(0);
      expect(r!.rounds).to.have.length(1);
    }
    expect(report.ratios["small-16"]?.rpcgenOverCeiling).to.be.greaterThan(0);
    expect(report.ratios["small-16"]?.rpcgenOverGrpc).to.equal(undefined); // grpc did not run
    expect(report.targets.map((t) => t.target)).to.include("small-16: rpcgen >= 50 % of the ceiling's calls/s");
    const codecs = report.codec?.rows.map((r) => r.codec);
    expect(codecs).to.deep.equal(["rpcgen", "protobufjs", "JSON"]);
    for (const row of report.codec!.rows) {
      expect(row.opsPerSec, row.codec).to.be.greaterThan(0);
      expect(row.bytes, row.codec).to.be.greaterThan(20);
    }
    expect(report.targets.map((t) => t.target)).to.include("codec: rpcgen encode+decode ops/s >= protobufjs's");
  });

  it("runs rpcgen with metrics and with tracing next to plain rpcgen, without errors, and reports the metrics target", async () => {
    const { code, stdout, stderr } = await runBench([...TINY, "--only", "rpcgen:small-16,rpcgen-metrics:small-16,rpcgen-tracing:small-16"]);
    expect(code, stderr).to.equal(0);
    const report = JSON.parse(stdout) as BenchReport;
    for (const contender of ["rpcgen", "rpcgen-metrics", "rpcgen-tracing"] as const) {
      const r = report.results[contender]?.["small-16"];
      expect(r, contender).to.not.equal(undefined);
      expect(r!.callsPerSec, contender).to.be.greaterThan(0);
      expect(r!.errors, contender).to.equal(0);
    }
    expect(report.targets.map((t) => t.target)).to.include("small-16: rpcgen with Prometheus metrics >= 90 % of rpcgen's calls/s");
  });

  it("rejects an unknown --only value with exit status 2", async () => {
    const { code, stderr } = await runBench([...TINY, "--only", "nosuchpeer"]);
    expect(code).to.equal(2);
    expect(stderr).to.contain('unknown --only value "nosuchpeer"');
  });
});
