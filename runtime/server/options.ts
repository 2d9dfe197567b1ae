/** Server options and their defaults. */
import type { Middleware } from "../middleware/types.js";
import type { CallObserver } from "../observability/observer.js";
import type { Admission } from "../resilience/admission.js";
import type { AdmissionConfig } from "./admission-config.js";
import type { FrameLimits } from "../protocol/types.js";
import type { LeaseOptions } from "../registry/registrar.js";
import type { Registry } from "../registry/registry.js";
import type { PingLimits } from "../transport/connection.js";
import type { ServerTlsOptions } from "../transport/tls.js";

/** Limits of one server connection. */
export interface ServerLimits extends FrameLimits, PingLimits {
  /**
   * Handlers running per connection (a cancelled handler counts until it
   * settles); the next call is rejected RESOURCE_EXHAUSTED (not processed). Default 1024.
   */
  readonly maxConcurrentCallsPerConnection: number;
  /** A client PING closer than this to the previous one while no call is open is a strike. Default 300000 (5 min, as gRPC). */
  readonly minPingIntervalMs: number;
  /** Strikes tolerated before GOAWAY "too many pings" and close. Default 2. */
  readonly maxPingStrikes: number;
}

/** Where a handler failure is reported (the caller only sees a generic INTERNAL). */
export type ServerErrorHook = (error: unknown, info: { readonly service: string; readonly method: string }) => void;

/** What the server publishes about itself in a registry (weight, group and labels can change later: `updateRegistration`). */
export interface AdvertiseOptions {
  /** Default 100. */
  readonly weight?: number;
  readonly group?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Default: the service's `@version`. */
  readonly version?: string;
}

export interface ServerOptions {
  /** Frame, metadata and concurrency limits. */
  readonly limits?: Partial<ServerLimits>;
  /** Serve TLS (mTLS with `requestCert` and `ca`). */
  readonly tls?: ServerTlsOptions;
  /** Server middleware, outermost first; runs after validation, right before the handler. */
  readonly middleware?: readonly Middleware[];
  /**
   * Told about every call (started, finished with code, duration and sizes),
   * refusal and connection, synchronously: e.g. `prometheusMetrics()` from
   * `rpcgen/runtime/prometheus`. Default none (no cost). See docs/observability.md.
   */
  readonly observers?: readonly CallObserver[];
  /** Close a connection that sends no frame within this long, ms. Default 10000. */
  readonly firstFrameTimeout?: number;
  /** Close a connection without calls for this long, ms. Default 3600000 (1 h); 0 = never. */
  readonly idleTimeout?: number;
  /** Keepalive while calls are in flight. Default 30000 / 20000 ms. */
  readonly keepalive?: { readonly intervalMs?: number; readonly timeoutMs?: number };
  /** `close()` forces what is still running after this long, ms. Default 10000. */
  readonly shutdownTimeout?: number;
  /**
   * How long `close()` keeps serving after it flips every health status to
   * NOT_SERVING, before it deregisters, stops the listener and drains, ms, so
   * health watchers and probes notice first. Default 0 (the flip is still
   * answered to watchers before the listener stops, but they may read it later).
   */
  readonly shutdownGrace?: number;
  /**
   * Admission before decoding: rate limiters, a bulkhead and adaptive
   * shedding, per method (default) or per service, with overrides per service
   * and method (`AdmissionConfig`), or any `Admission`. A refused call is
   * answered RESOURCE_EXHAUSTED, not processed, with `details["retry-after-ms"]`
   * when known, and its body is never decoded. Default: none (no cost). The
   * health service is exempt from an `AdmissionConfig`. See docs/availability.md.
   */
  readonly admission?: Admission | AdmissionConfig;
  /** Serve the built-in health service `rpcgen.health.Health` (docs/availability.md). Default true. */
  readonly health?: boolean;
  /** Compress responses at least this long with the request's compressor. Default 1024 bytes. */
  readonly compressionThreshold?: number;
  /** Bytes queued per connection before the server stops reading from it. Default 1 MiB. */
  readonly maxWriteBufferBytes?: number;
  /**
   * Which received metadata keys calls made inside a handler inherit. Default: all.
   * Route tags (keys starting `rpcgen-route-`) are inherited whatever the rule.
   */
  readonly propagateMetadata?: "all" | "none" | ((key: string) => boolean);
  /** Handler failures that are not IDL errors or RpcErrors. Default: console.error. */
  readonly onError?: ServerErrorHook;
  /**
   * Register every service here on `listen()` (a lease kept alive until
   * `close()`, which deregisters first): a Registry, or a target string
   * `redis://[user:pass@]host:port[/db]`, `rediss://...`, `etcd://host:port[,host:port]`
   * (the server opens it with `registryOptions` and closes it on `close()`).
   */
  readonly registry?: Registry | string;
  /** Options for the registry a target string opens (`RedisRegistryOptions`, `EtcdRegistryOptions`). */
  readonly registryOptions?: object;
  /**
   * Host published in the registry. Default: env `RPCGEN_ADVERTISE_HOST`, else the
   * bound host; a wildcard bind (0.0.0.0, ::) publishes this host's first
   * non-internal address.
   */
  readonly advertiseHost?: string;
  readonly advertise?: AdvertiseOptions;
  /**
   * `"service"` (default): one record per service and address. `"application"`:
   * one record per process listing its services (fewer registry writes and
   * watch events; clients need the `applications` option). See docs/registry.md.
   */
  readonly registration?: "service" | "application";
  /** The application name for `registration: "application"` (required there). */
  readonly application?: string;
  /** Lease timing: TTL 15 s, renewed every 5 s, retried forever after failures (every 1 s ±50 %). */
  readonly lease?: LeaseOptions;
  /** Configuration warnings (e.g. a loopback address advertised to a remote registry). Default: console.warn. */
  readonly onWarning?: (message: string) => void;
}

export const SERVER_DEFAULTS = {
  maxConcurrentCallsPerConnection: 1024,
  minPingIntervalMs: 300_000,
  maxPingStrikes: 2,
  firstFrameTimeout: 10_000,
  idleTimeout: 3_600_000,
  keepaliveIntervalMs: 30_000,
  keepaliveTimeoutMs: 20_000,
  shutdownTimeout: 10_000,
  shutdownGrace: 0,
  compressionThreshold: 1024,
  maxWriteBufferBytes: 1024 * 1024,
} as const;
