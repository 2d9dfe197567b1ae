/**
 * Aggregates rounds into medians, computes the ratios and the targets
 * from the same run, and renders the report as Markdown (also printed on stdout).
 */
import type { CodecReport } from "./codec.js";
import type { MachineInfo } from "./machine.js";
import type { RunFigures } from "./orchestrate.js";
import { CONTENDERS, SCENARIOS, type Contender } from "./scenarios.js";
import { median, round } from "./stats.js";

/**
 * Medians over the rounds of one (contender, scenario): the same figures as one
 * run, except that `clientLoopDelayMaxMs` is the largest over the rounds and
 * `errors` the sum.
 */
export interface ScenarioResult extends Omit<RunFigures, "firstError"> {
  /** Every round, unrounded order kept. */
  rounds: RunFigures[];
}

export interface Ratios {
  rpcgenOverGrpc?: number;
  rpcgenOverCeiling?: number;
}

export interface TargetCheck {
  target: string;
  pass: boolean;
  detail: string;
}

export interface BenchReport {
  date: string;
  machine: MachineInfo;
  settings: { quick: boolean; warmupS: number; durationS: number; repeat: number };
  scenarios: { name: string; title: string; inFlight: number; payload: string; oneway: boolean }[];
  results: Partial<Record<Contender, Record<string, ScenarioResult>>>;
  ratios: Record<string, Ratios>;
  codec?: CodecReport;
  targets: TargetCheck[];
  /** Jobs that failed (contender:scenario, round, why); their figures are medians of the rounds that ran. */
  failures: string[];
}

/** Folds the rounds of one pair into medians. */
export function aggregate(rounds: RunFigures[]): ScenarioResult {
  const m = (f: (r: RunFigures) => number): number => round(median(rounds.map(f)), 4);
  return {
    callsPerSec: Math.round(median(rounds.map((r) => r.callsPerSec))),
    p50Ms: m((r) => r.p50Ms),
    p99Ms: m((r) => r.p99Ms),
    maxMs: m((r) => r.maxMs),
    serverPeakRssMb: round(median(rounds.map((r) => r.serverPeakRssMb)), 3),
    clientCpuUsPerCall: round(median(rounds.map((r) => r.clientCpuUsPerCall)), 3),
    serverCpuUsPerCall: round(median(rounds.map((r) => r.serverCpuUsPerCall)), 3),
    clientSysUsPerCall: round(median(rounds.map((r) => r.clientSysUsPerCall)), 3),
    serverSysUsPerCall: round(median(rounds.map((r) => r.serverSysUsPerCall)), 3),
    clientGcPct: round(median(rounds.map((r) => r.clientGcPct)), 2),
    serverGcPct: round(median(rounds.map((r) => r.serverGcPct)), 2),
    clientLoopDelayMaxMs: round(Math.max(...rounds.map((r) => r.clientLoopDelayMaxMs)), 3),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    rounds,
  };
}

/** rpcgen/grpc and rpcgen/ceiling per scenario; oneway is set against the ceiling's unary small-128. */
export function computeRatios(results: BenchReport["results"]): Record<string, Ratios> {
  const out: Record<string, Ratios> = {};
  for (const s of SCENARIOS) {
    const mine = results.rpcgen?.[s.name]?.callsPerSec;
    if (mine === undefined) continue;
    const peer = s.oneway ? "small-128" : s.name;
    const grpc = results.grpc?.[peer]?.callsPerSec;
    const ceiling = results.ceiling?.[peer]?.callsPerSec;
    const r: Ratios = {};
    if (grpc !== undefined && grpc > 0) r.rpcgenOverGrpc = round(mine / grpc, 3);
    if (ceiling !== undefined && ceiling > 0) r.rpcgenOverCeiling = round(mine / ceiling, 3);
    out[s.name] = r;
  }
  return out;
}

/** The targets of issue 5, checked on this run's medians (only where both sides ran). */
export function checkTargets(results: BenchReport["results"], codec: CodecReport | undefined): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const get = (c: Contender, s: string): ScenarioResult | undefined => results[c]?.[s];
  const pct = (x: number): string => `${Math.round(x * 100)} %`;
  const share: [string, number][] = [["small-1", 0.7], ["small-16", 0.5], ["small-128", 0.5], ["large-16", 0.5]];
  for (const [s, need] of share) {
    const r = get("rpcgen", s);
    const c = get("ceiling", s);
    if (r === undefined || c === undefined) continue;
    const ratio = r.callsPerSec / c.callsPerSec;
    checks.push({ target: `${s}: rpcgen >= ${pct(need)} of the ceiling's calls/s`, pass: ratio >= need, detail: `${pct(ratio)} (${fmt(r.callsPerSec)} vs ${fmt(c.callsPerSec)})` });
  }
  for (const s of ["small-16", "small-128"]) {
    const r = get("rpcgen", s);
    const c = get("ceiling", s);
    const g = get("grpc", s);
    if (r !== undefined && c !== undefined) {
      checks.push({ target: `${s}: rpcgen p99 <= 2x the ceiling's`, pass: r.p99Ms <= 2 * c.p99Ms, detail: `${r.p99Ms} ms vs ${c.p99Ms} ms` });
    }
    if (r !== undefined && g !== undefined) {
      checks.push({ target: `${s}: rpcgen p99 < grpc-js's`, pass: r.p99Ms < g.p99Ms, detail: `${r.p99Ms} ms vs ${g.p99Ms} ms` });
    }
  }
  for (const s of ["small-16", "small-128"]) {
    for (const [contender, what] of [["rpcgen-admission", "a server limiter"], ["rpcgen-breaker", "a client breaker"]] as const) {
      const on = get(contender, s);
      const off = get("rpcgen", s);
      if (on === undefined || off === undefined) continue;
      const ratio = on.callsPerSec / off.callsPerSec;
      checks.push({ target: `${s}: rpcgen with ${what} that never trips >= 95 % of rpcgen's calls/s`, pass: ratio >= 0.95, detail: `${pct(ratio)} (${fmt(on.callsPerSec)} vs ${fmt(off.callsPerSec)})` });
    }
  }
  // Issue 14: metrics on both sides keep >= 90 % of plain rpcgen's calls/s.
  for (const s of ["small-16", "small-128"]) {
    const on = get("rpcgen-metrics", s);
    const off = get("rpcgen", s);
    if (on === undefined || off === undefined) continue;
    const ratio = on.callsPerSec / off.callsPerSec;
    checks.push({ target: `${s}: rpcgen with Prometheus metrics >= 90 % of rpcgen's calls/s`, pass: ratio >= 0.9, detail: `${pct(ratio)} (${fmt(on.callsPerSec)} vs ${fmt(off.callsPerSec)})` });
  }
  const ow = get("rpcgen", "oneway-128");
  const c128 = get("ceiling", "small-128");
  if (ow !== undefined && c128 !== undefined) {
    checks.push({ target: "oneway-128: rpcgen oneway >= the ceiling's unary calls/s at 128", pass: ow.callsPerSec >= c128.callsPerSec, detail: `${fmt(ow.callsPerSec)} vs ${fmt(c128.callsPerSec)}` });
  }
  for (const s of SCENARIOS) {
    const r = get("rpcgen", s.name);
    const g = get("grpc", s.oneway ? "small-128" : s.name);
    if (r === undefined || g === undefined) continue;
    checks.push({ target: `${s.name}: rpcgen server peak RSS <= grpc-js's`, pass: r.serverPeakRssMb <= g.serverPeakRssMb, detail: `${r.serverPeakRssMb} MB vs ${g.serverPeakRssMb} MB` });
  }
  // Issue 12: the governed path (P2C-EWMA + a label router) keeps >= 90 % of the default path's calls/s, same three servers.
  for (const s of ["three-16", "three-128"]) {
    const d = get("rpcgen-x3", s);
    const g = get("rpcgen-governed", s);
    if (d === undefined || g === undefined) continue;
    const ratio = g.callsPerSec / d.callsPerSec;
    checks.push({ target: `${s}: governed path >= 90 % of the default path's calls/s`, pass: ratio >= 0.9, detail: `${pct(ratio)} (${fmt(g.callsPerSec)} vs ${fmt(d.callsPerSec)})` });
  }
  const mine = codec?.rows.find((row) => row.codec === "rpcgen");
  const pb = codec?.rows.find((row) => row.codec === "protobufjs");
  if (mine !== undefined && pb !== undefined) {
    checks.push({ target: "codec: rpcgen encode+decode ops/s >= protobufjs's", pass: mine.opsPerSec >= pb.opsPerSec, detail: `${fmt(mine.opsPerSec)} vs ${fmt(pb.opsPerSec)} ops/s` });
  }
  return checks;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** A client event-loop stall this long is reported under the table (GC pauses stay far below it). */
const STALL_MS = 200;

const LABEL: Record<Contender, string> = {
  rpcgen: "rpcgen",
  "rpcgen-admission": "rpcgen + server limiter (never trips)",
  "rpcgen-breaker": "rpcgen + client breaker (never trips)",
  "rpcgen-metrics": "rpcgen + Prometheus metrics (both sides)",
  "rpcgen-tracing": "rpcgen + OpenTelemetry tracing (SDK, dropping exporter)",
  grpc: "@grpc/grpc-js",
  ceiling: "ceiling (node:net)",
  "rpcgen-x3": "rpcgen, 3 servers, default path",
  "rpcgen-governed": "rpcgen, 3 servers, p2c-ewma + label router",
};

/** The whole report as Markdown. */
export function renderMarkdown(report: BenchReport): string {
  const m = report.machine;
  const s = report.settings;
  const lines: string[] = [];
  lines.push(`# rpcgen benchmark`, "");
  lines.push(`${report.date} · ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB · ${m.os} · Node ${m.node}`);
  lines.push(`warm-up ${s.warmupS} s, measured ${s.durationS} s, ${s.repeat} round(s), medians${s.quick ? " · quick mode" : ""}; client and server in separate processes on 127.0.0.1, closed loop`, "");
  lines.push("| scenario | contender | calls/s | p50 ms | p99 ms | server peak RSS MB | client CPU µs/call (kernel) | server CPU µs/call (kernel) | GC % client / server |");
  lines.push("|---|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const sc of SCENARIOS) {
    for (const c of CONTENDERS) {
      const r = report.results[c]?.[sc.name];
      if (r === undefined) continue;
      const errs = r.errors > 0 ? ` (${r.errors} errors)` : "";
      lines.push(`| ${sc.title} | ${LABEL[c]} | ${fmt(r.callsPerSec)}${errs} | ${r.p50Ms} | ${r.p99Ms} | ${r.serverPeakRssMb} | ${r.clientCpuUsPerCall} (${r.clientSysUsPerCall}) | ${r.serverCpuUsPerCall} (${r.serverSysUsPerCall}) | ${r.clientGcPct} / ${r.serverGcPct} |`);
    }
  }
  const ratioRows = Object.entries(report.ratios).filter(([, r]) => r.rpcgenOverGrpc !== undefined || r.rpcgenOverCeiling !== undefined);
  if (ratioRows.length > 0) {
    lines.push("", "| scenario | rpcgen / grpc-js | rpcgen / ceiling |", "|---|---:|---:|");
    for (const [name, r] of ratioRows) {
      const note = name === "oneway-128" ? " (vs unary small-128)" : "";
      lines.push(`| ${name}${note} | ${r.rpcgenOverGrpc ?? "–"} | ${r.rpcgenOverCeiling ?? "–"} |`);
    }
  }
  if (report.codec !== undefined) {
    lines.push("", `Codec: encode + decode of the small message (${report.codec.note})`, "");
    lines.push("| codec | ops/s | bytes | how |", "|---|---:|---:|---|");
    for (const row of report.codec.rows) lines.push(`| ${row.codec} | ${fmt(row.opsPerSec)} | ${row.bytes} | ${row.detail} |`);
  }
  if (report.targets.length > 0) {
    lines.push("", "| target (issues 5, 12, 13) | met | this run |", "|---|:-:|---|");
    for (const t of report.targets) lines.push(`| ${t.target} | ${t.pass ? "yes" : "**no**"} | ${t.detail} |`);
  }
  const stalls: string[] = [];
  for (const sc of SCENARIOS) {
    for (const c of CONTENDERS) {
      const r = report.results[c]?.[sc.name];
      if (r !== undefined && r.clientLoopDelayMaxMs >= STALL_MS) stalls.push(`${LABEL[c]} ${sc.name}: ${Math.round(r.clientLoopDelayMaxMs)} ms`);
    }
  }
  if (stalls.length > 0) {
    lines.push("", `**Client event loop stalled** for at least ${STALL_MS} ms in a measured window (timers and socket reads wait meanwhile): ${stalls.join("; ")}.`);
  }
  if (report.failures.length > 0) {
    lines.push("", "**Failed runs** (the figures above are medians of the rounds that completed):", "");
    for (const f of report.failures) lines.push(`- ${f.split("\n")[0]}`);
  }
  const oneway = report.results.rpcgen?.["oneway-128"];
  if (oneway !== undefined) lines.push("", "Oneway: calls/s counts the server's receipts; latency is the time until the frame was written.");
  return lines.join("\n") + "\n";
}
