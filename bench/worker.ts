/**
 * A child process running one peer: `node worker.js server <contender>` or
 * `node worker.js client <contender>`. It talks to the parent over IPC only and
 * exits through process.exit so that `--cpu-prof` can write its profile.
 */
import { performance } from "node:perf_hooks";
import { drive } from "./driver.js";
import { startGcMeter } from "./gc-meter.js";
import type { ClientCommand, ClientMessage, ServerCommand, ServerMessage } from "./ipc.js";
import { makeItems } from "./payload.js";
import { loadPeer } from "./peers/peer.js";
import { CONTENDERS, type Contender } from "./scenarios.js";

function send(message: ServerMessage | ClientMessage): void {
  process.send?.(message);
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function runServer(contender: Contender): Promise<void> {
  const peer = await loadPeer(contender);
  const server = await peer.startServer();
  const gc = startGcMeter();
  process.on("message", (command: ServerCommand) => {
    if (command.type === "stats") {
      const cpu = process.cpuUsage();
      send({
        type: "stats",
        receipts: server.receipts(),
        errors: server.errors(),
        timeMs: performance.timeOrigin + performance.now(),
        // maxRSS is in KiB and covers the whole life of this process: its peak.
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        cpuUs: cpu.user + cpu.system,
        sysUs: cpu.system,
        gcMs: gc.totalMs(),
      });
    } else if (command.type === "exit") {
      void server.close().finally(() => process.exit(0));
      setTimeout(() => process.exit(0), 2000).unref();
    }
  });
  send({ type: "ready", port: server.port, ...(server.ports === undefined ? {} : { ports: server.ports }) });
}

async function runClient(contender: Contender): Promise<void> {
  const peer = await loadPeer(contender);
  process.on("message", (command: ClientCommand) => {
    if (command.type === "exit") {
      process.exit(0);
    }
    void (async () => {
      const client = await peer.connectClient(command.port, command.ports);
      const result = await drive(client, makeItems(command.nameBytes), {
        inFlight: command.inFlight,
        oneway: command.oneway,
        warmupMs: command.warmupMs,
        durationMs: command.durationMs,
        onPhase: (phase) => send({ type: "phase", phase }),
      });
      send({ type: "result", result });
      await client.close();
    })().catch((error: unknown) => send({ type: "failed", error: errorText(error) }));
  });
}

const [role, name] = process.argv.slice(2);
const contender = CONTENDERS.find((c) => c === name);
if ((role !== "server" && role !== "client") || contender === undefined) {
  console.error(`usage: worker.js server|client ${CONTENDERS.join("|")}`);
  process.exit(2);
}
(role === "server" ? runServer(contender) : runClient(contender)).catch((error: unknown) => {
  send({ type: "failed", error: errorText(error) });
});
// The parent went away (Ctrl-C, crash): do not linger.
process.on("disconnect", () => process.exit(1));
