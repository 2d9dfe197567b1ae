/**
 * `npm run demo:cluster`: a real multi-process cluster on this machine.
 * Starts redis-server on a free loopback port, three Hello servers that
 * register there, a client that spreads calls over them; then SIGKILLs one
 * replica and shows it leave the view when its lease runs out. Cleans up and
 * exits by itself.
 */
import { fork, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createConnection, createServer as createNetServer } from "node:net";
import { fileURLToPath } from "node:url";
import { createClient, type Instance } from "rpcgen/runtime";
import { RedisRegistry } from "rpcgen/runtime/redis";
import { HelloClient } from "./generated/hello.js";

const children: ChildProcess[] = [];
const cleanup = () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
};
process.on("exit", cleanup);
const t0 = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${line}`);

if (spawnSync("redis-server", ["--version"]).error !== undefined) {
  console.error("redis-server is not installed. Install it and run the demo again:");
  console.error("  Debian/Ubuntu: sudo apt-get install redis-server");
  console.error("  macOS:         brew install redis");
  process.exit(1);
}

const port = await freePort();
const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
children.push(redis);
await waitForPong(port);
const target = `redis://127.0.0.1:${port}`;
log(`redis-server listening on ${target}`);

const replicas = new Map<string, { child: ChildProcess; port: number }>();
for (const name of ["server-1", "server-2", "server-3"]) {
  const child = fork(fileURLToPath(new URL("./server.js", import.meta.url)), [], {
    env: { ...process.env, RPCGEN_DEMO_REDIS: target, RPCGEN_DEMO_NAME: name },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.push(child);
  const started = await new Promise<{ port: number }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { port: number }));
    child.once("exit", (code) => reject(new Error(`${name} exited with code ${code}`)));
  });
  replicas.set(name, { child, port: started.port });
  log(`${name} (pid ${child.pid}) listening on 127.0.0.1:${started.port}, registered in Redis`);
}

// Watch the registry as a client sees it.
const watcher = new RedisRegistry(target);
let view: readonly Instance[] = [];
const unwatch = watcher.watch("cluster.Hello", (list) => {
  view = list;
  log(`view of cluster.Hello: ${list.map((i) => `${i.host}:${i.port}`).join(", ") || "(empty)"}`);
});
while (view.length < 3) await sleep(50);

const client = createClient({ target });
const hello = new HelloClient(client);
await spread("30 calls through the client");

const victim = replicas.get("server-2")!;
log(`SIGKILL server-2 (pid ${victim.child.pid}, port ${victim.port}): it cannot deregister; its lease (3 s) runs out`);
const killedAt = Date.now();
victim.child.kill("SIGKILL");
while (view.some((i) => i.port === victim.port)) await sleep(20);
log(`server-2 left the view ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);
await spread("30 more calls");

log("shutting down: servers close gracefully (deregister, drain), then Redis stops");
unwatch();
await client.close();
await watcher.close();
for (const [name, r] of replicas) {
  if (name === "server-2") continue;
  r.child.kill("SIGTERM");
  await new Promise((resolve) => r.child.once("exit", resolve));
}
redis.kill("SIGTERM");
await new Promise((resolve) => redis.once("exit", resolve));
log("done");

async function spread(title: string): Promise<void> {
  const counts = new Map<string, number>();
  for (let i = 0; i < 30; i++) {
    const who = await hello.whoami();
    counts.set(who, (counts.get(who) ?? 0) + 1);
  }
  log(`${title}: ${[...counts].sort().map(([who, n]) => `${who} ${n}`).join(", ")}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitForPong(p: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = createConnection({ host: "127.0.0.1", port: p }, () => sock.write("PING\r\n"));
      sock.on("data", (d) => {
        sock.destroy();
        resolve(d.toString().startsWith("+PONG"));
      });
      sock.on("error", () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`redis-server on port ${p} did not start`);
}
