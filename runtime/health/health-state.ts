/**
 * The statuses a server reports through its health service, and the
 * watchers waiting for one to change.
 */
import { HealthStatus } from "./descriptor.js";

type Listener = (status: HealthStatus) => void;

/** `server.health`: read and set what the health service answers. */
export interface Health {
  /** The status of `service` ("" = the server as a whole); SERVICE_UNKNOWN when never set. */
  get(service: string): HealthStatus;
  /** Set `service`'s status; watchers waiting on a different status are answered at once. */
  set(service: string, status: HealthStatus): void;
  /** Set every known service (and "") to `status`; `close()` does this with NOT_SERVING. */
  setAll(status: HealthStatus): void;
}

export class HealthState implements Health {
  readonly #statuses = new Map<string, HealthStatus>();
  readonly #listeners = new Map<string, Set<Listener>>();
  /** Set by `shutdown()`: watches answer at once, so none holds up the drain. */
  #closing = false;

  constructor() {
    this.#statuses.set("", HealthStatus.SERVING);
  }

  get(service: string): HealthStatus {
    return this.#statuses.get(service) ?? HealthStatus.SERVICE_UNKNOWN;
  }

  set(service: string, status: HealthStatus): void {
    if (status !== HealthStatus.SERVING && status !== HealthStatus.NOT_SERVING && status !== HealthStatus.SERVICE_UNKNOWN) {
      throw new RangeError(`unknown health status ${String(status)}: use HealthStatus.SERVING, NOT_SERVING or SERVICE_UNKNOWN`);
    }
    if (this.get(service) === status) return;
    if (status === HealthStatus.SERVICE_UNKNOWN) this.#statuses.delete(service);
    else this.#statuses.set(service, status);
    const listeners = this.#listeners.get(service);
    if (listeners === undefined) return;
    for (const listener of [...listeners]) listener(status);
  }

  setAll(status: HealthStatus): void {
    for (const service of [...this.#statuses.keys()]) this.set(service, status);
  }

  /** True once the server is shutting down. */
  get closing(): boolean {
    return this.#closing;
  }

  /**
   * The server is closing: every status becomes NOT_SERVING and every parked
   * watcher is answered now, even one that already saw NOT_SERVING (a parked
   * watch would otherwise hold the drain until its deadline).
   */
  shutdown(): void {
    this.#closing = true;
    this.setAll(HealthStatus.NOT_SERVING);
    for (const [service, listeners] of [...this.#listeners]) for (const listener of [...listeners]) listener(this.get(service));
  }

  /** Call `listener` on each change of `service`'s status until the returned function is called. */
  onChange(service: string, listener: Listener): () => void {
    let set = this.#listeners.get(service);
    if (set === undefined) this.#listeners.set(service, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(service);
    };
  }
}
