/**
 * Real `etcd` processes for registry tests: one member or a three-member cluster on free loopback ports, each
 * with a temp data dir, removed (and the processes killed) by `stop()`. `ETCD_URL` (e.g. "127.0.0.1:2379")
 * replaces the spawned single member for tests that do not control the process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EtcdGateway } from "./etcd-gateway.js";

const ETCD = process.env["ETCD_BIN"] ?? "etcd";

// A test that fails between start and stop (or mocha exiting early) must not leave etcd running or data behind.
const running = new Map<ChildProcess, string>();
process.on("exit", () => {
  for (const [child, dataDir] of running) {
    child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** One member: its ports, data dir and process (undefined while killed). */
export interface EtcdMember {
  readonly name: string;
  readonly clientPort: number;
  readonly peerPort: number;
  dataDir: string;
  child: ChildProcess | undefined;
  /** The start of the member's stderr (for failure messages). */
  log: string;
}

/** A running etcd (one member or a cluster) the test controls. */
export interface EtcdCluster {
  readonly members: EtcdMember[];
  /** `host:port` of every member's client URL. */
  readonly endpoints: string[];
  /** `etcd://` target listing every member. */
  readonly target: string;
  /** Direct access to the live members (put, range, compact) for setting up and checking. */
  readonly gateway: EtcdGateway;
  /** Send a signal to a member (SIGSTOP, SIGCONT, SIGKILL). */
  signal(index: number, signal: NodeJS.Signals): void;
  /** Kill a member (SIGKILL) and wait for it to exit. */
  kill(index: number): Promise<void>;
  /** Kill a single-member etcd and start it again on the same port with a NEW, empty data dir. */
  restartEmpty(): Promise<void>;
  /** Index of the current raft leader. */
  leader(): Promise<number>;
  /** Kill every member and remove the data dirs. */
  stop(): Promise<void>;
}

/** Free loopback port (closed again before returning; etcd binds it right after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Start `size` members (1 or 3) and wait until every one reports healthy. */
export async function startEtcd(size = 1): Promise<EtcdCluster> {
  const members: EtcdMember[] = [];
  for (let i = 0; i < size; i++) {
    members.push({ name: `m${i}`, clientPort: await freePort(), peerPort: await freePort(), dataDir: "", child: undefined, log: "" });
  }
  const token = `rpcgen-test-${process.pid}-${Date.now()}`;
  const initialCluster = members.map((m) => `${m.name}=http://127.0.0.1:${m.peerPort}`).join(",");
  const launch = async (m: EtcdMember): Promise<void> => {
    m.dataDir = await mkdtemp(join(tmpdir(), "rpcgen-etcd-"));
    const client = `http://127.0.0.1:${m.clientPort}`;
    const peer = `http://127.0.0.1:${m.peerPort}`;
    const args = [
      "--name", m.name, "--data-dir", m.dataDir,
      "--listen-client-urls", client, "--advertise-client-urls", client,
      "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
      "--initial-cluster", initialCluster, "--initial-cluster-token", token, "--initial-cluster-state", "new",
      "--logger", "zap", "--log-level", "error",
    ];
    const child = spawn(ETCD, args, { stdio: ["ignore", "ignore", "pipe"] });
    m.log = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      if (m.log.length < 4000) m.log += chunk.toString();
    });
    m.child = child;
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", (e) =>
        reject(new Error(`cannot start etcd (${e.message}): install it with "apt-get install etcd-server" or set ETCD_BIN`)),
      );
    });
    running.set(child, m.dataDir);
    child.once("exit", () => {
      running.delete(child);
      if (m.child === child) m.child = undefined;
    });
  };
  const healthy = async (m: EtcdMember): Promise<void> => {
    for (let i = 0; i < 300; i++) {
      if (m.child === undefined) throw new Error(`etcd ${m.name} exited while starting: ${m.log}`);
      try {
        const res = await fetch(`http://127.0.0.1:${m.clientPort}/health`);
        if (((await res.json()) as { health?: string }).health === "true") return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`etcd ${m.name} not healthy after 15 s`);
  };
  const endpoints = members.map((m) => `127.0.0.1:${m.clientPort}`);
  const cluster: EtcdCluster = {
    members,
    endpoints,
    target: `etcd://${endpoints.join(",")}`,
    gateway: new EtcdGateway(() => members.filter((m) => m.child !== undefined).map((m) => `127.0.0.1:${m.clientPort}`)),
    signal(index, signal) {
      members[index]!.child?.kill(signal);
    },
    async kill(index) {
      const child = members[index]!.child;
      if (child === undefined) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGCONT"); // a stopped process must run to die promptly
      child.kill("SIGKILL");
      await exited;
    },
    async restartEmpty() {
      if (members.length !== 1) throw new Error("restartEmpty is for a single member");
      const m = members[0]!;
      await cluster.kill(0);
      await rm(m.dataDir, { recursive: true, force: true });
      await launch(m);
      await healthy(m);
    },
    async leader() {
      for (let i = 0; i < members.length; i++) {
        if (members[i]!.child === undefined) continue;
        const { member, leader } = await cluster.gateway.status(`127.0.0.1:${members[i]!.clientPort}`);
        if (member === leader) return i;
      }
      throw new Error("no etcd member is leader");
    },
    async stop() {
      for (let i = 0; i < members.length; i++) await cluster.kill(i);
      for (const m of members) await rm(m.dataDir, { recursive: true, force: true });
    },
  };
  try {
    for (const m of members) await launch(m);
    for (const m of members) await healthy(m);
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return cluster;
}

/**
 * A single etcd for tests that only talk to it: `ETCD_URL` when set (not stopped afterwards), else a spawned one.
 */
export async function sharedEtcd(): Promise<{ target: string; gateway: EtcdGateway; stop: () => Promise<void> }> {
  const url = process.env["ETCD_URL"];
  if (url === undefined || url === "") return startEtcd(1);
  const endpoints = url.replace(/^(etcd|https?):\/\//, "").split(",");
  return { target: `etcd://${endpoints.join(",")}`, gateway: new EtcdGateway(() => endpoints), stop: async () => {} };
}
