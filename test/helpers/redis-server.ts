/**
 * Real `redis-server` / `redis-sentinel` processes on free loopback ports for
 * the registry tests (no persistence, so a restart comes back empty). Every
 * process started here is killed when the test process exits.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createConnection, createServer } from "node:net";

const started = new Set<ChildProcess>();
process.on("exit", () => {
  for (const p of started) p.kill("SIGKILL");
});

/** A port nobody listens on right now (127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Fail with the install command when a binary is missing (the tests never skip). */
export function requireBinary(name: string, debianPackage: string): void {
  if (spawnSync(name, ["--version"]).error !== undefined) {
    throw new Error(`${name} is not installed: run \`apt-get install ${debianPackage}\` (Debian/Ubuntu) and run the tests again`);
  }
}

/** Resolves once `port` answers PING with PONG; throws after `timeoutMs`. */
export async function waitForRedis(port: number, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = createConnection({ host: "127.0.0.1", port }, () => sock.write("PING\r\n"));
      sock.setTimeout(500, () => sock.destroy());
      sock.on("data", (d) => {
        sock.destroy();
        resolve(d.toString().startsWith("+PONG"));
      });
      sock.on("error", () => resolve(false));
      sock.on("close", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`redis on 127.0.0.1:${port} did not answer PING within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One redis-server (or redis-sentinel) process; `restart()` brings it back on the same port, empty. */
export class RedisProcess {
  readonly port: number;
  readonly #binary: string;
  readonly #args: readonly string[];
  #child: ChildProcess | undefined;

  private constructor(binary: string, port: number, args: readonly string[]) {
    this.#binary = binary;
    this.port = port;
    this.#args = args;
  }

  /** Start `redis-server` on a free loopback port (or `port`), extra `args` appended. */
  static async start(args: readonly string[] = [], port?: number): Promise<RedisProcess> {
    requireBinary("redis-server", "redis-server");
    const p = new RedisProcess("redis-server", port ?? (await freePort()), args);
    await p.restart();
    return p;
  }

  /** Start `redis-sentinel` with the config text given (port and bind are added). */
  static async sentinel(config: string): Promise<RedisProcess> {
    requireBinary("redis-sentinel", "redis-sentinel");
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const port = await freePort();
    const file = join(mkdtempSync(join(tmpdir(), "rpcgen-sentinel-")), "sentinel.conf");
    writeFileSync(file, `port ${port}\nbind 127.0.0.1\nsentinel resolve-hostnames no\n${config}\n`);
    const p = new RedisProcess("redis-sentinel", port, [file]);
    await p.restart();
    return p;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** (Re)start the process on its port with no data. */
  async restart(): Promise<void> {
    const args =
      this.#binary === "redis-sentinel"
        ? [...this.#args]
        : ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no", ...this.#args];
    const child = spawn(this.#binary, args, { stdio: "ignore" });
    started.add(child);
    child.once("exit", () => started.delete(child));
    this.#child = child;
    await waitForRedis(this.port);
  }

  /** Send a signal (SIGSTOP freezes it, SIGCONT resumes it, SIGKILL loses everything). */
  signal(signal: NodeJS.Signals): void {
    this.#child?.kill(signal);
  }

  /** Kill at once and wait for the exit. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGCONT");
    child.kill("SIGKILL");
    await exited;
  }
}

/** `REDIS_URL` when set, else a fresh local redis-server (stop it with the returned function). */
export async function redisForTests(): Promise<{ url: string; stop: () => Promise<void> }> {
  const fromEnv = process.env["REDIS_URL"];
  if (fromEnv !== undefined && fromEnv !== "") return { url: fromEnv, stop: async () => {} };
  const p = await RedisProcess.start();
  return { url: p.url, stop: () => p.kill() };
}
