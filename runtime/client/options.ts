/** Client options and their defaults. */
import type { SelectionOptions } from "./selection.js";
import type { ClientBreakerOptions, ClientBulkheadOptions, ClientRetryOptions } from "./resilience.js";
import type { HealthProbeOptions } from "./health-probe.js";
import type { FrameLimits } from "../protocol/types.js";
import type { Middleware } from "../middleware/types.js";
import type { CallObserver } from "../observability/observer.js";
import type { Registry } from "../registry/registry.js";
import type { BackoffOptions } from "../transport/backoff.js";
import type { PingLimits } from "../transport/connection.js";
import type { ClientTlsOptions } from "../transport/tls.js";

export interface ClientOptions extends SelectionOptions {
  /**
   * Where calls go: `static://host:port[,host:port]` (or a bare `host:port`),
   * `memory://` (the process-wide in-memory registry, or `registry` if given),
   * `registry://` (the `registry` option, required), or a registry server:
   * `redis://[user:pass@]host:port[/db]`, `rediss://...` (TLS),
   * `etcd://host:port[,host:port]`. With several
   * instances, the routers and the balancer choose (default: round robin).
   */
  readonly target: string;
  /** Registry used by `memory://` and `registry://` targets. */
  readonly registry?: Registry;
  /**
   * Options for the registry a `redis://`, `rediss://` or `etcd://` target opens
   * (`RedisRegistryOptions`, `EtcdRegistryOptions`); the client closes that registry on `close()`.
   */
  readonly registryOptions?: object;
  /**
   * For services whose servers register per application (`registration:
   * "application"`): service name -> application name, e.g.
   * `{ "shop.orders.OrderService": "orders" }`. Other services are looked up per service.
   */
  readonly applications?: Readonly<Record<string, string>>;
  /** Default deadline of a call, ms, when neither the call nor `@timeout` sets one. Default 10000. */
  readonly timeout?: number;
  /** TLS (and mTLS) settings; plain TCP when absent. */
  readonly tls?: ClientTlsOptions;
  /** Client middleware, outermost first. */
  readonly middleware?: readonly Middleware[];
  /**
   * Told about every call (started, finished with code, duration and sizes) and
   * connection, synchronously: e.g. `prometheusMetrics()` from
   * `rpcgen/runtime/prometheus`. Default none (no cost). See docs/observability.md.
   */
  readonly observers?: readonly CallObserver[];
  /** Serializer name for requests: "msgpack" (default) or "json" (or any registered name). */
  readonly serializer?: string;
  /** Compressor for request bodies at least `compressionThreshold` long: "none" (default) or "gzip". */
  readonly compression?: string;
  /** Minimum body size to compress, bytes. Default 1024. */
  readonly compressionThreshold?: number;
  /** Connect timeout, ms. Default 5000. */
  readonly connectTimeout?: number;
  /** Keepalive while calls are in flight: ping after `intervalMs` of silence, dead after `timeoutMs`. Default 30000 / 20000. */
  readonly keepalive?: { readonly intervalMs?: number; readonly timeoutMs?: number };
  /** Close a connection without calls for this long, ms. Default 300000 (5 min); 0 = never. */
  readonly idleTimeout?: number;
  /** Reconnect backoff after a failed connect. Default 1 s x1.6 ±20 %, max 120 s. */
  readonly reconnect?: BackoffOptions;
  /**
   * Frame limits for responses (default 4 MiB frames, 8 KiB / 100 metadata
   * entries; request metadata is checked against them before sending), and
   * ping policing of the server (default off: a server pings while its own
   * calls run, which a client cannot always see, e.g. oneway handlers).
   */
  readonly limits?: Partial<FrameLimits & PingLimits>;
  /** Bytes queued per connection before new requests wait for the socket to drain. Default 1 MiB. */
  readonly maxWriteBufferBytes?: number;
  /** Validate arguments against the schema before sending. Default true. */
  readonly validate?: boolean;
  /**
   * Per-method selection, keyed `service/method` (e.g.
   * `"shop.orders.OrderService/get"`): `balancer`, `routers` and `cluster`
   * for that method; what a method does not set comes from the client's.
   */
  readonly methods?: Readonly<Record<string, SelectionOptions>>;
  /**
   * Circuit breaker per instance (or per instance and method, `scope: "method"`):
   * the balancer skips open instances; when every instance is open a call fails
   * at once (UNAVAILABLE, not processed, reason `breaker-open`). Default none.
   * See docs/availability.md.
   */
  readonly breaker?: ClientBreakerOptions | false;
  /**
   * Retries with backoff, jitter and a per-client budget. Default: only
   * `@retry` methods retry, with the contract's defaults (budget 20 % + 10/s
   * over 10 s); an object applies to every method; false turns retries off.
   */
  readonly retry?: ClientRetryOptions | false;
  /** At most this many calls in flight per method; the next fails at once (RESOURCE_EXHAUSTED, not processed). Default none. */
  readonly bulkhead?: ClientBulkheadOptions;
  /**
   * Ask each connected instance for its health (the built-in
   * rpcgen.health.Health service) every `intervalMs`; balancers skip one that
   * says NOT_SERVING for the service being called while another is usable.
   * `true` takes the defaults (every 5 s, 1 s timeout). Default off.
   */
  readonly healthProbe?: HealthProbeOptions | true | false;
}

export const CLIENT_DEFAULTS = {
  timeout: 10_000,
  compressionThreshold: 1024,
  connectTimeout: 5_000,
  keepaliveIntervalMs: 30_000,
  keepaliveTimeoutMs: 20_000,
  idleTimeout: 300_000,
  maxWriteBufferBytes: 1024 * 1024,
  minPingIntervalMs: 0,
  maxPingStrikes: 2,
} as const;
