/**
 * The client's optional health probe: every `intervalMs` it asks each
 * instance it holds a connection to for the status of the services this
 * client calls (the built-in rpcgen.health.Health/check, sent on that very
 * connection, so it needs no registry entry of its own). An instance that
 * answers NOT_SERVING or SERVICE_UNKNOWN for a service is skipped by the
 * balancers for that service, as one in reconnect backoff is, while any other
 * is usable; SERVING makes it usable again. A server without the health
 * service (UNIMPLEMENTED) counts as serving; a probe that fails otherwise
 * (connection lost, timeout) changes nothing: the pool and breakers judge
 * those.
 */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import { HealthStatus } from "../health/descriptor.js";

export interface HealthProbeOptions {
  /** Time between two probe rounds. Default 5000 ms; at least 10. */
  readonly intervalMs?: number;
  /** Deadline of one check. Default 1000 ms. */
  readonly timeoutMs?: number;
}

export const HEALTH_PROBE_DEFAULTS = { intervalMs: 5000, timeoutMs: 1000 } as const;

/** What the probe needs from the channel: its open connections and a check on one of them. */
export interface ProbeTarget {
  /** `host:port` of every open connection. */
  openKeys(): Iterable<string>;
  /** Health/check of `service` on the connection to `key`. */
  check(key: string, service: string, timeoutMs: number): Promise<HealthStatus>;
}

export class HealthProbe {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Services this client has called. */
  readonly #services = new Set<string>();
  /** `host:port` -> services it reported not serving. */
  readonly #down = new Map<string, Set<string>>();
  readonly #timer: NodeJS.Timeout;
  #round: Promise<void> | undefined;

  constructor(
    options: HealthProbeOptions | true,
    readonly target: ProbeTarget,
  ) {
    const o = options === true ? {} : options;
    this.intervalMs = positive(o.intervalMs, HEALTH_PROBE_DEFAULTS.intervalMs, "intervalMs", 10);
    this.timeoutMs = positive(o.timeoutMs, HEALTH_PROBE_DEFAULTS.timeoutMs, "timeoutMs", 1);
    this.#timer = setInterval(() => void this.probe(), this.intervalMs);
    // A probe never keeps a process alive on its own.
    this.#timer.unref();
  }

  /** Remember that this client calls `service` (probed from the next round on). */
  note(service: string): void {
    this.#services.add(service);
  }

  /** True when `key` last said it does not serve `service`. */
  isDown(key: string, service: string): boolean {
    const down = this.#down.get(key);
    return down !== undefined && down.has(service);
  }

  /** Pairs (instance, service) currently reported not serving. */
  get unhealthy(): number {
    let n = 0;
    for (const set of this.#down.values()) n += set.size;
    return n;
  }

  /** One round over every open connection and called service; rounds never overlap. */
  probe(): Promise<void> {
    this.#round ??= this.#probeAll().finally(() => (this.#round = undefined));
    return this.#round;
  }

  close(): void {
    clearInterval(this.#timer);
  }

  async #probeAll(): Promise<void> {
    const open = new Set(this.target.openKeys());
    // Instances no longer connected are forgotten: a new connection starts usable.
    for (const key of this.#down.keys()) if (!open.has(key)) this.#down.delete(key);
    const checks: Promise<void>[] = [];
    for (const key of open) for (const service of this.#services) checks.push(this.#checkOne(key, service));
    await Promise.all(checks);
  }

  async #checkOne(key: string, service: string): Promise<void> {
    let serving: boolean;
    try {
      const status = await this.target.check(key, service, this.timeoutMs);
      serving = status === HealthStatus.SERVING;
    } catch (error) {
      if (!(error instanceof RpcError) || error.code !== Code.UNIMPLEMENTED) return;
      serving = true; // a server started with health: false
    }
    let down = this.#down.get(key);
    if (serving) {
      down?.delete(service);
      if (down?.size === 0) this.#down.delete(key);
      return;
    }
    if (down === undefined) this.#down.set(key, (down = new Set()));
    down.add(service);
  }
}

function positive(value: number | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min) {
    throw new RpcError(Code.INVALID_ARGUMENT, `healthProbe.${name} must be a number >= ${min} (milliseconds), got ${String(value)}`);
  }
  return value;
}
