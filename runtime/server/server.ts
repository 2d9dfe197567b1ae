/**
 * `createServer()`: add services, listen (TCP or TLS), optionally register in
 * a registry, and close gracefully: health to NOT_SERVING (then serve on for
 * `shutdownGrace`), deregister, stop accepting, GOAWAY, drain in-flight calls,
 * force after `shutdownTimeout`.
 */
import type { AddressInfo, Server as NetServer, Socket } from "node:net";
import type { Metadata } from "../call.js";
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import { isRouteTagKey, routeTags } from "../router/route-tags.js";
import { DEFAULT_FRAME_LIMITS } from "../protocol/index.js";
import { memoryRegistry } from "../registry/memory.js";
import { applicationRecord, SERVICES_LABEL } from "../registry/application.js";
import { Registrar, type InstanceUpdate } from "../registry/registrar.js";
import { makeInstance, type Instance, type Registry } from "../registry/registry.js";
import { openRegistry } from "../registry/schemes.js";
import { advertisedHost, loopbackWarning } from "./advertise.js";
import type { ServiceDescriptor } from "../schema/types.js";
import type { ConnectionOptions } from "../transport/connection.js";
import { createTcpListener } from "../transport/tcp.js";
import { createTlsListener } from "../transport/tls.js";
import { TimerWheel } from "../transport/timer-wheel.js";
import { HEALTH_SERVICE, HealthDescriptor, HealthStatus } from "../health/descriptor.js";
import { healthHandler } from "../health/health-service.js";
import { HealthState, type Health } from "../health/health-state.js";
import { resolveAdmission } from "./admission-config.js";
import { Dispatcher } from "./dispatcher.js";
import { SERVER_DEFAULTS, type ServerOptions } from "./options.js";
import { ServerConnection, type ServerConnectionEnv } from "./server-connection.js";
import { combineObservers } from "../observability/observer.js";

/** Where to listen. */
export interface ListenOptions {
  /** Default "127.0.0.1". */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Register in the `registry` option, or in the process-wide memory registry when that is absent. */
  readonly register?: boolean;
}

/** Debug counters. */
export interface ServerStats {
  readonly connections: number;
  readonly inFlight: number;
}

export interface Server {
  /** Serve a service; `impl` has one method per IDL method (handler interface `H`). */
  add<H>(descriptor: ServiceDescriptor<H>, impl: H): this;
  /** Start listening; resolves with the bound address. */
  listen(options?: ListenOptions): Promise<{ host: string; port: number }>;
  /**
   * What the built-in health service answers (every added service starts
   * SERVING, as does "" for the whole server): `server.health.set(name, HealthStatus.NOT_SERVING)`.
   */
  readonly health: Health;
  /** Graceful shutdown (see module docs). `timeoutMs` overrides `shutdownTimeout`. */
  close(options?: { timeoutMs?: number }): Promise<void>;
  stats(): ServerStats;
  /**
   * Change the weight, group or labels this server publishes (e.g. move it to
   * a "draining" group); written at once, watchers see it without a restart.
   * Rejects FAILED_PRECONDITION when the server is not registered.
   */
  updateRegistration(change: InstanceUpdate): Promise<void>;
  /** The records this server keeps alive in its registry (empty when not registered). */
  registration(): readonly Instance[];
}

/** Create a server. */
export function createServer(options: ServerOptions = {}): Server {
  return new RpcServer(options);
}

class RpcServer implements Server {
  readonly health = new HealthState();
  readonly #options: ServerOptions;
  readonly #dispatcher: Dispatcher;
  readonly #connections = new Set<ServerConnection>();
  readonly #env: ServerConnectionEnv;
  readonly #connOptions: ConnectionOptions;
  #listener: NetServer | undefined;
  #registrar: Registrar | undefined;
  /** A registry opened from a target string: closed with the server. */
  #ownedRegistry: Registry | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: ServerOptions) {
    if (options.registration === "application" && (options.application === undefined || options.application === "")) {
      throw new RpcError(Code.INVALID_ARGUMENT, 'registration: "application" needs the `application` option (the name clients map services to)');
    }
    this.#options = options;
    const limits = { ...DEFAULT_FRAME_LIMITS, ...options.limits };
    this.#dispatcher = new Dispatcher(options.middleware ?? [], limits.maxFrameBytes);
    if (options.health !== false) this.#dispatcher.add(HealthDescriptor as ServiceDescriptor, healthHandler(this.health));
    this.#connOptions = {
      limits: { maxFrameBytes: limits.maxFrameBytes, maxMetadataBytes: limits.maxMetadataBytes, maxMetadataEntries: limits.maxMetadataEntries },
      keepaliveIntervalMs: options.keepalive?.intervalMs ?? SERVER_DEFAULTS.keepaliveIntervalMs,
      keepaliveTimeoutMs: options.keepalive?.timeoutMs ?? SERVER_DEFAULTS.keepaliveTimeoutMs,
      idleTimeoutMs: options.idleTimeout ?? SERVER_DEFAULTS.idleTimeout,
      firstFrameTimeoutMs: options.firstFrameTimeout ?? SERVER_DEFAULTS.firstFrameTimeout,
      maxWriteBufferBytes: options.maxWriteBufferBytes ?? SERVER_DEFAULTS.maxWriteBufferBytes,
      minPingIntervalMs: limits.minPingIntervalMs ?? SERVER_DEFAULTS.minPingIntervalMs,
      maxPingStrikes: limits.maxPingStrikes ?? SERVER_DEFAULTS.maxPingStrikes,
    };
    const onError = options.onError ?? ((error, info) => console.error(`rpcgen: ${info.service}/${info.method} failed:`, error));
    this.#env = {
      dispatcher: this.#dispatcher,
      run: (prepared, ctx) => this.#dispatcher.run(prepared, ctx),
      wheel: new TimerWheel(10),
      maxConcurrentCalls: options.limits?.maxConcurrentCallsPerConnection ?? SERVER_DEFAULTS.maxConcurrentCallsPerConnection,
      admission: resolveAdmission(options.admission, new Set([HEALTH_SERVICE])),
      maxFrameBytes: limits.maxFrameBytes,
      compressionThreshold: options.compressionThreshold ?? SERVER_DEFAULTS.compressionThreshold,
      propagate: propagation(options.propagateMetadata ?? "all"),
      propagateAll: (options.propagateMetadata ?? "all") === "all",
      report: (error, service, method) => {
        try {
          onError(error, { service, method });
        } catch {
          // A failing error hook must not take the server down.
        }
      },
      onClosed: (conn) => {
        this.#connections.delete(conn);
        this.#env.observer?.connectionClosed?.("server");
      },
      observer: combineObservers(options.observers),
    };
  }

  add<H>(descriptor: ServiceDescriptor<H>, impl: H): this {
    if (impl === null || typeof impl !== "object") {
      throw new RpcError(Code.INVALID_ARGUMENT, `handler for ${descriptor.name} must be an object with one method per IDL method`);
    }
    this.#dispatcher.add(descriptor as ServiceDescriptor, impl);
    this.health.set(descriptor.name, HealthStatus.SERVING);
    return this;
  }

  async listen(options: ListenOptions = {}): Promise<{ host: string; port: number }> {
    if (this.#listener !== undefined) throw new RpcError(Code.FAILED_PRECONDITION, "the server is already listening");
    const onSocket = (socket: Socket) => this.#accept(socket);
    const listener = this.#options.tls === undefined ? createTcpListener(onSocket) : createTlsListener(this.#options.tls, onSocket, this.#connOptions.firstFrameTimeoutMs || 120_000);
    this.#listener = listener;
    const host = options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      listener.once("error", reject);
      listener.listen(options.port ?? 0, host, () => {
        listener.off("error", reject);
        resolve();
      });
    });
    listener.on("error", (error) => this.#env.report(error, "", "listen"));
    const bound = listener.address() as AddressInfo;
    const address = { host, port: bound.port };
    const configured = this.#options.registry ?? (options.register === true ? memoryRegistry : undefined);
    if (configured !== undefined && options.register !== false) {
      const registry = typeof configured === "string" ? (this.#ownedRegistry = await openRegistry(configured, this.#options.registryOptions)) : configured;
      await this.#register(registry, address);
    }
    return address;
  }

  stats(): { connections: number; inFlight: number } {
    let inFlight = 0;
    for (const c of this.#connections) inFlight += c.inFlight;
    return { connections: this.#connections.size, inFlight };
  }

  close(options?: { timeoutMs?: number }): Promise<void> {
    this.#closing ??= this.#shutdown(options?.timeoutMs ?? this.#options.shutdownTimeout ?? SERVER_DEFAULTS.shutdownTimeout);
    return this.#closing;
  }

  #accept(socket: Socket): void {
    if (this.#closing !== undefined) {
      socket.destroy();
      return;
    }
    socket.on("error", () => {}); // reported through the connection's close; never an uncaught error
    this.#connections.add(new ServerConnection(socket, this.#connOptions, this.#env));
    this.#env.observer?.connectionOpened?.("server");
  }

  async #register(registry: Registry, address: { host: string; port: number }): Promise<void> {
    const adv = this.#options.advertise ?? {};
    const host = advertisedHost(address.host, this.#options.advertiseHost);
    const warning = loopbackWarning(host, registry.name);
    if (warning !== undefined) (this.#options.onWarning ?? console.warn)(warning);
    const startTime = Date.now();
    // The built-in health service is on every server: it is not published.
    const published = this.#dispatcher.services().filter((d) => d.name !== HEALTH_SERVICE);
    let instances: Instance[] = published.map((d) =>
      makeInstance({
        service: d.name,
        host,
        port: address.port,
        weight: adv.weight ?? 100,
        group: adv.group ?? "",
        labels: adv.labels ?? {},
        version: adv.version ?? d.version ?? "",
        startTime,
      }),
    );
    const application = this.#options.application;
    if (this.#options.registration === "application" && application !== undefined) {
      instances = [applicationRecord(application, instances.map((i) => i.service), instances[0] ?? makeInstance({ service: "", host, port: address.port, startTime }))];
    }
    // Failures are retried every second during an outage: tell onError at most once a minute.
    let quietUntil = 0;
    const report = (error: unknown) => {
      const now = Date.now();
      if (now < quietUntil) return;
      quietUntil = now + 60_000;
      this.#env.report(error, registry.name, "register");
    };
    this.#registrar = new Registrar(registry, instances, this.#options.lease, report);
    // The first attempt is awaited; when it fails the registrar keeps retrying and the server serves meanwhile.
    await this.#registrar.start();
  }

  updateRegistration(change: InstanceUpdate): Promise<void> {
    if (this.#registrar === undefined || this.#closing !== undefined) {
      return Promise.reject(new RpcError(Code.FAILED_PRECONDITION, "the server is not registered: give it a `registry` and listen() first"));
    }
    const listed = this.#registrar.instances[0]?.labels[SERVICES_LABEL];
    // An application record keeps the list of its services whatever labels the caller sets.
    if (change.labels !== undefined && this.#options.registration === "application" && listed !== undefined) {
      return this.#registrar.update({ ...change, labels: { ...change.labels, [SERVICES_LABEL]: listed } });
    }
    return this.#registrar.update(change);
  }

  registration(): readonly Instance[] {
    return this.#registrar?.instances ?? [];
  }

  async #shutdown(timeoutMs: number): Promise<void> {
    // Health first: watchers are answered NOT_SERVING while the server still accepts and serves.
    this.health.shutdown();
    const grace = this.#options.shutdownGrace ?? SERVER_DEFAULTS.shutdownGrace;
    // At least one turn, so the watchers' answers are written before anything stops.
    await new Promise<void>((resolve) => (grace > 0 ? setTimeout(resolve, grace) : setImmediate(resolve)));
    // Then deregister, so clients stop picking this server before it drains.
    await this.#registrar?.stop();
    const listener = this.#listener;
    const stopped =
      listener === undefined ? Promise.resolve() : new Promise<void>((resolve) => listener.close(() => resolve()));
    for (const conn of this.#connections) conn.goaway("server shutting down");
    const drained = Promise.all([...this.#connections].map((c) => c.closed)).then(() => true);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const clean = await Promise.race([drained, expired]);
    clearTimeout(timer);
    if (!clean) {
      const reason = new RpcError(Code.UNAVAILABLE, `server shut down; calls still running after ${timeoutMs} ms were aborted`);
      for (const conn of this.#connections) conn.destroy(reason);
      await Promise.all([...this.#connections].map((c) => c.closed));
    }
    await stopped;
    await this.#ownedRegistry?.close();
  }
}

/** Route tags (`rpcgen-route-*`) always propagate, whatever the rule: tagged traffic stays tagged on every hop. */
function propagation(rule: NonNullable<ServerOptions["propagateMetadata"]>): (m: Readonly<Metadata>) => Readonly<Metadata> {
  if (rule === "all") return (m) => m;
  if (rule === "none") return (m) => ({ ...routeTags(m) });
  return (m) => {
    const out: Metadata = {};
    for (const key of Object.keys(m)) if (isRouteTagKey(key) || rule(key)) out[key] = m[key]!;
    return out;
  };
}
