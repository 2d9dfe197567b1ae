/**
 * Runs one (contender, scenario) pair: forks a server process and a client
 * process, lets the client drive the load, samples the server at the edges of
 * the measured window, and returns the figures.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { ClientCommand, ClientMessage, ServerCommand, ServerMessage } from "./ipc.js";
import { profileDir, workerEntry } from "./paths.js";
import type { Job } from "./scenarios.js";

/** The figures of one run. */
export interface RunFigures {
  callsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  serverPeakRssMb: number;
  /** Client CPU per completed call, µs (for oneway: per call written). */
  clientCpuUsPerCall: number;
  /** Server CPU per call handled, µs. */
  serverCpuUsPerCall: number;
  /** Kernel (system) part of the client's and the server's CPU per call, µs. */
  clientSysUsPerCall: number;
  serverSysUsPerCall: number;
  /** Longest the client's event loop went without running a timer in the window, ms. */
  clientLoopDelayMaxMs: number;
  /** Share of the measured window spent in GC pauses, percent. */
  clientGcPct: number;
  serverGcPct: number;
  errors: number;
  firstError?: string;
}

export interface RunSettings {
  warmupMs: number;
  durationMs: number;
  /** Directory tag for --cpu-prof output; undefined = no profiling. */
  profileTag?: string;
}

type StatsMessage = Extract<ServerMessage, { type: "stats" }>;

/** Forks both peers, runs the job once and shuts both down (also on failure). */
export async function runJob(job: Job, settings: RunSettings): Promise<RunFigures> {
  const server = spawn("server", job, settings.profileTag);
  let client: ChildProcess | undefined;
  try {
    const ready = await next<ServerMessage>(server, "ready", 30_000);
    if (ready.type !== "ready") throw new Error("unreachable");
    client = spawn("client", job, settings.profileTag);
    const c = client;

    let startStats: Promise<StatsMessage> | undefined;
    let endStats: Promise<StatsMessage> | undefined;
    c.on("message", (m: ClientMessage) => {
      if (m.type !== "phase") return;
      if (m.phase === "measure-start") startStats = stats(server);
      else endStats = stats(server);
    });
    const command: ClientCommand = {
      type: "run",
      port: ready.port,
      ...(ready.ports === undefined ? {} : { ports: ready.ports }),
      inFlight: job.scenario.inFlight,
      nameBytes: job.scenario.nameBytes,
      oneway: job.scenario.oneway,
      warmupMs: settings.warmupMs,
      durationMs: settings.durationMs,
    };
    c.send(command);
    const timeout = settings.warmupMs + settings.durationMs + 60_000;
    const done = await next<ClientMessage>(c, "result", timeout);
    if (done.type !== "result") throw new Error("unreachable");
    if (startStats === undefined || endStats === undefined) throw new Error("client reported no measured window");
    const [s0, s1] = await Promise.all([startStats, endStats]);
    const finalStats = await stats(server);
    const r = done.result;

    const serverWindowMs = s1.timeMs - s0.timeMs;
    const oneway = job.scenario.oneway;
    const handled = oneway ? s1.receipts - s0.receipts : r.calls;
    const callsPerSec = oneway ? (handled * 1000) / serverWindowMs : (r.calls * 1000) / r.elapsedMs;
    const clientCalls = oneway ? Math.max(1, (callsPerSec * r.elapsedMs) / 1000) : Math.max(1, r.calls);
    const figures: RunFigures = {
      callsPerSec,
      p50Ms: r.p50Us / 1000,
      p99Ms: r.p99Us / 1000,
      maxMs: r.maxUs / 1000,
      serverPeakRssMb: finalStats.peakRssMb,
      clientCpuUsPerCall: r.cpuUs / clientCalls,
      serverCpuUsPerCall: (s1.cpuUs - s0.cpuUs) / Math.max(1, handled),
      clientSysUsPerCall: r.sysUs / clientCalls,
      serverSysUsPerCall: (s1.sysUs - s0.sysUs) / Math.max(1, handled),
      clientGcPct: (r.gcMs * 100) / r.elapsedMs,
      clientLoopDelayMaxMs: r.loopDelayMaxMs,
      serverGcPct: ((s1.gcMs - s0.gcMs) * 100) / serverWindowMs,
      errors: r.errors + (s1.errors - s0.errors),
    };
    if (r.firstError !== undefined) figures.firstError = r.firstError;
    if (handled === 0) throw new Error(`no call completed in the measured window${r.firstError ? `: ${r.firstError}` : ""}`);
    return figures;
  } finally {
    // Client first: a server closing under a live client sees calls it must refuse.
    await stop(client);
    await stop(server);
  }
}

function spawn(role: "server" | "client", job: Job, profileTag: string | undefined): ChildProcess {
  const execArgv = [...process.execArgv.filter((a) => !a.startsWith("--cpu-prof"))];
  // rpcgen, and the ceiling to compare with; grpc-js is not profiled.
  if (profileTag !== undefined && job.contender !== "grpc") {
    execArgv.push("--cpu-prof", "--cpu-prof-dir", join(profileDir, profileTag, `${job.contender}-${job.scenario.name}-${role}`));
  }
  return fork(workerEntry, [role, job.contender], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
}

/** Waits for a message of `type` (a "failed" message or an early exit rejects). */
function next<M extends { type: string }>(child: ChildProcess, type: string, timeoutMs: number): Promise<M> {
  return new Promise<M>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no "${type}" from the worker within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: M): void => {
      if (m.type === type) finish(undefined, m);
      else if (m.type === "failed") finish(new Error(`worker failed: ${(m as unknown as { error: string }).error}`));
    };
    const onExit = (code: number | null, signal: string | null): void =>
      finish(new Error(`worker exited (code ${code}, signal ${signal}) before "${type}"`));
    function finish(error: Error | undefined, m?: M): void {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (error !== undefined) reject(error);
      else resolve(m!);
    }
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

function stats(server: ChildProcess): Promise<StatsMessage> {
  const reply = next<StatsMessage>(server, "stats", 10_000);
  const command: ServerCommand = { type: "stats" };
  server.send(command);
  return reply;
}

/** Asks a worker to exit (so a profile gets written), then kills it if it does not. */
async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (child.connected) child.send({ type: "exit" } satisfies ServerCommand | ClientCommand);
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
