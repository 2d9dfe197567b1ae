/**
 * The lease keeper: keeps a server's instance records alive in a registry.
 * It registers with a TTL, renews every `renewMs`, and after any failure
 * retries forever with jittered backoff (it never gives up), so
 * a registry that restarts empty gets every record back within a few seconds.
 * Adapters only make one `register(instance, ttlMs)` call right.
 */
import { Backoff, type BackoffOptions } from "../transport/backoff.js";
import type { Instance, Registry } from "./registry.js";

/** Lease timing. */
export interface LeaseOptions {
  /** How long a record outlives its last renewal, ms. Default 15000. */
  readonly ttlMs?: number;
  /** Renew this often, ms (must be well under `ttlMs`). Default 5000. */
  readonly renewMs?: number;
  /**
   * Delay between attempts after a failure. Default 1000 ms ±50 % jitter, not
   * growing (multiplier 1): a restarted registry has every record back within
   * about 1.5 s, and 50 servers that failed together spread their attempts
   * evenly. For thousands of servers per registry raise `multiplier`/`maxMs`.
   */
  readonly retry?: BackoffOptions;
}

export const LEASE_DEFAULTS = {
  ttlMs: 15_000,
  renewMs: 5_000,
  retry: { initialMs: 1_000, multiplier: 1, maxMs: 1_000, jitter: 0.5 },
} as const;

/** What may change on a running server; watchers see it without a restart. */
export interface InstanceUpdate {
  readonly weight?: number;
  readonly group?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** Time and randomness, replaceable by tests. */
export interface RegistrarClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
}

const REAL_CLOCK: RegistrarClock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  random: Math.random,
};

export class Registrar {
  readonly #registry: Registry;
  #instances: Instance[];
  readonly #ttlMs: number;
  readonly #renewMs: number;
  readonly #backoff: Backoff;
  readonly #clock: RegistrarClock;
  readonly #report: (error: unknown) => void;
  #timer: unknown;
  #stopped = false;
  #healthy = false;
  /** The cycle in progress, so stop() and update() never race a write. */
  #cycle: Promise<void> = Promise.resolve();

  /** `report` hears every failed attempt (the registrar keeps trying regardless). */
  constructor(registry: Registry, instances: readonly Instance[], options: LeaseOptions = {}, report: (error: unknown) => void = () => {}, clock: RegistrarClock = REAL_CLOCK) {
    this.#registry = registry;
    this.#instances = [...instances];
    this.#ttlMs = options.ttlMs ?? LEASE_DEFAULTS.ttlMs;
    this.#renewMs = options.renewMs ?? LEASE_DEFAULTS.renewMs;
    this.#clock = clock;
    this.#backoff = new Backoff({ ...LEASE_DEFAULTS.retry, ...options.retry }, () => clock.random());
    this.#report = report;
  }

  /** The records kept alive. */
  get instances(): readonly Instance[] {
    return this.#instances;
  }

  /** True when the last attempt succeeded. */
  get healthy(): boolean {
    return this.#healthy;
  }

  /** First registration; resolves after the first attempt either way (a failure is reported and retried). */
  start(): Promise<void> {
    return this.#run();
  }

  /** Change weight, group or labels of every record and write them now. */
  update(change: InstanceUpdate): Promise<void> {
    this.#instances = this.#instances.map((i) => ({ ...i, ...definedOnly(change) }));
    if (this.#stopped) return Promise.resolve();
    return this.#run();
  }

  /** Stop renewing and deregister every record (failures are reported, never thrown). */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#clock.clearTimeout(this.#timer);
    await this.#cycle;
    await Promise.all(
      this.#instances.map((i) => this.#registry.deregister(i).catch((error: unknown) => this.#report(error))),
    );
  }

  #run(): Promise<void> {
    this.#clock.clearTimeout(this.#timer);
    // A cycle never rejects: one bad attempt must not end the chain of renewals.
    this.#cycle = this.#cycle.then(() => this.#attempt()).catch((error: unknown) => this.#report(error));
    return this.#cycle;
  }

  async #attempt(): Promise<void> {
    if (this.#stopped) return;
    const results = await Promise.allSettled(this.#instances.map((i) => this.#registry.register(i, this.#ttlMs)));
    const failed = results.find((r) => r.status === "rejected");
    this.#healthy = failed === undefined;
    if (failed !== undefined) this.#report(failed.reason);
    if (this.#stopped) return;
    let delay = this.#renewMs;
    if (this.#healthy) this.#backoff.reset();
    else delay = this.#backoff.next();
    this.#timer = this.#clock.setTimeout(() => void this.#run(), delay);
  }
}

function definedOnly(change: InstanceUpdate): InstanceUpdate {
  const out: { -readonly [K in keyof InstanceUpdate]: InstanceUpdate[K] } = {};
  if (change.weight !== undefined) out.weight = change.weight;
  if (change.group !== undefined) out.group = change.group;
  if (change.labels !== undefined) out.labels = change.labels;
  return out;
}
