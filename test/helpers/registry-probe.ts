/** Test helpers around any Registry: a recording watcher and a registrar-like renew loop. */
import type { Instance, Registry } from "../../runtime/registry/registry.js";

/** Records what a watch delivers: the latest list (as host:port keys), every push, every error. */
export class WatchProbe {
  latest: string[] | undefined;
  pushes = 0;
  readonly errors: Error[] = [];
  readonly stop: () => void;

  constructor(registry: Registry, service: string) {
    this.stop = registry.watch(
      service,
      (list) => {
        this.pushes++;
        this.latest = list.map((i) => `${i.host}:${i.port}`).sort();
      },
      (e) => this.errors.push(e),
    );
  }

  has(key: string): boolean {
    return this.latest?.includes(key) ?? false;
  }
}

/**
 * A registrar stand-in: calls `register(instance, ttlMs)` every `everyMs` until stopped, and `retryMs` after a
 * failure (jittered by up to half). Counts successes and failures.
 */
export class RenewLoop {
  ok = 0;
  failed = 0;
  lastError: unknown;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    readonly registry: Registry,
    readonly instance: Instance,
    readonly ttlMs: number,
    readonly everyMs: number,
    readonly retryMs = everyMs,
  ) {
    void this.#tick();
  }

  async #tick(): Promise<void> {
    let wait = this.everyMs;
    try {
      await this.registry.register(this.instance, this.ttlMs);
      this.ok++;
    } catch (e) {
      this.failed++;
      this.lastError = e;
      wait = this.retryMs / 2 + Math.random() * (this.retryMs / 2);
    }
    if (!this.#stopped) this.#timer = setTimeout(() => void this.#tick(), wait);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }
}

/** Poll `predicate` every 20 ms until it holds; throws after `timeoutMs`; resolves with the time it took. */
export async function within(timeoutMs: number, what: string, predicate: () => boolean | Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - start;
}
