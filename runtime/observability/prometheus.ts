/**
 * Prometheus metrics for clients and servers (`rpcgen/runtime/prometheus`),
 * the only file that imports prom-client. A call adds to plain numbers kept
 * per side and method (no label hashing, no allocation per call); the
 * prom-client metrics read them when scraped. Metric names and labels:
 * docs/observability.md.
 */
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Gauge, Histogram, register as defaultRegistry, type MetricType, type Registry } from "prom-client";
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { MethodDescriptor } from "../schema/types.js";
import type { CallObserver, RefusalReason, Side } from "./observer.js";

/** Latency buckets in seconds: 0.25 ms to 10 s, suited to RPC. */
export const RPC_LATENCY_BUCKETS: readonly number[] = Object.freeze([
  0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

export interface PrometheusOptions {
  /** Where the metrics are registered. Default: prom-client's global `register`. */
  readonly registry?: Registry;
  /** Prefix of every metric name. Default "rpcgen_". */
  readonly prefix?: string;
  /** Upper bounds of the latency buckets, seconds, ascending. Default {@link RPC_LATENCY_BUCKETS}. */
  readonly buckets?: readonly number[];
}

type MethodLabels = { side: Side; service: string; method: string };

/** Everything counted for one method on one side. */
class MethodStats {
  started = 0;
  inFlight = 0;
  bytesOut = 0;
  bytesIn = 0;
  sum = 0;
  /** Observations per bucket (not cumulative); the last slot is +Inf. */
  readonly buckets: Float64Array;
  /** Calls handled, by code. */
  readonly codes = new Map<string, number>();

  constructor(
    readonly labels: MethodLabels,
    bucketCount: number,
  ) {
    this.buckets = new Float64Array(bucketCount + 1);
  }
}

class PrometheusObserver implements CallObserver {
  readonly #bounds: readonly number[];
  /** [client, server] stats per method descriptor, made on a method's first call. */
  readonly #byMethod = new WeakMap<MethodDescriptor, [MethodStats | undefined, MethodStats | undefined]>();
  /** Every stats record, for the scrape. */
  readonly #all: MethodStats[] = [];
  readonly #connections = { client: { opened: 0, open: 0 }, server: { opened: 0, open: 0 } };
  readonly #refused = new Map<string, { side: Side; reason: RefusalReason; count: number }>();

  constructor(registry: Registry, prefix: string, bounds: readonly number[]) {
    this.#bounds = bounds;
    const all = this.#all;
    const methodNames = ["side", "service", "method"] as const;
    const counterOf = (name: string, help: string, read: (s: MethodStats) => number) =>
      new Counter({
        name: prefix + name,
        help,
        labelNames: methodNames,
        registers: [registry],
        collect(this: Counter<string>) {
          this.reset();
          for (const s of all) this.inc(s.labels, read(s));
        },
      });
    counterOf("calls_started_total", "Calls started, by side, service and method.", (s) => s.started);
    counterOf("sent_bytes_total", "Message body bytes sent (after compression), by side, service and method.", (s) => s.bytesOut);
    counterOf("received_bytes_total", "Message body bytes received (after compression), by side, service and method.", (s) => s.bytesIn);
    new Counter({
      name: `${prefix}calls_handled_total`,
      help: 'Calls finished, by side, service, method and code ("OK", a code name, or "IDL:<error>").',
      labelNames: [...methodNames, "code"],
      registers: [registry],
      collect(this: Counter<string>) {
        this.reset();
        for (const s of all) for (const [code, n] of s.codes) this.inc({ ...s.labels, code }, n);
      },
    });
    new Gauge({
      name: `${prefix}calls_in_flight`,
      help: "Calls started and not yet finished, by side, service and method.",
      labelNames: methodNames,
      registers: [registry],
      collect(this: Gauge<string>) {
        for (const s of all) this.set(s.labels, s.inFlight);
      },
    });
    registry.registerMetric(new LatencyHistogram(`${prefix}call_duration_seconds`, bounds, all));
    const connections = this.#connections;
    const sides = ["client", "server"] as const;
    new Gauge({
      name: `${prefix}connections`,
      help: "Open connections, by side.",
      labelNames: ["side"],
      registers: [registry],
      collect(this: Gauge<string>) {
        for (const side of sides) this.set({ side }, connections[side].open);
      },
    });
    counterBySide(registry, `${prefix}connections_opened_total`, "Connections opened (client) or accepted (server), by side.", (side) => connections[side].opened);
    const refused = this.#refused;
    new Counter({
      name: `${prefix}calls_refused_total`,
      help: "Calls refused before a handler ran, by side and reason (shutdown, concurrency-limit, metadata-limit, rate-limited, shed, bulkhead-full, breaker-open).",
      labelNames: ["side", "reason"],
      registers: [registry],
      collect(this: Counter<string>) {
        this.reset();
        for (const r of refused.values()) this.inc({ side: r.side, reason: r.reason }, r.count);
      },
    });
  }

  callStarted(side: Side, method: MethodDescriptor): void {
    const s = this.#stats(side, method);
    s.started++;
    s.inFlight++;
  }

  callFinished(side: Side, method: MethodDescriptor, code: string, durationMs: number, bytesOut: number, bytesIn: number): void {
    const s = this.#stats(side, method);
    s.inFlight--;
    s.bytesOut += bytesOut;
    s.bytesIn += bytesIn;
    s.codes.set(code, (s.codes.get(code) ?? 0) + 1);
    const seconds = durationMs / 1000;
    s.sum += seconds;
    const bounds = this.#bounds;
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]!) i++;
    s.buckets[i]!++;
  }

  connectionOpened(side: Side): void {
    this.#connections[side].opened++;
    this.#connections[side].open++;
  }

  connectionClosed(side: Side): void {
    this.#connections[side].open--;
  }

  callRefused(side: Side, reason: RefusalReason): void {
    const key = `${side} ${reason}`;
    const entry = this.#refused.get(key);
    if (entry === undefined) this.#refused.set(key, { side, reason, count: 1 });
    else entry.count++;
  }

  #stats(side: Side, method: MethodDescriptor): MethodStats {
    let pair = this.#byMethod.get(method);
    if (pair === undefined) this.#byMethod.set(method, (pair = [undefined, undefined]));
    const slot = side === "client" ? 0 : 1;
    let s = pair[slot];
    if (s === undefined) {
      s = pair[slot] = new MethodStats({ side, service: method.service, method: method.name }, this.#bounds.length);
      this.#all.push(s);
    }
    return s;
  }
}

/** A counter labelled by side, read from `read` when scraped. */
function counterBySide(registry: Registry, name: string, help: string, read: (side: Side) => number): void {
  new Counter({
    name,
    help,
    labelNames: ["side"],
    registers: [registry],
    collect(this: Counter<string>) {
      this.reset();
      for (const side of ["client", "server"] as const) this.inc({ side }, read(side));
    },
  });
}

/** The latency histogram, read from the per-method buckets when scraped (prom-client would hash labels per observation). */
class LatencyHistogram extends Histogram<string> {
  constructor(
    name: string,
    readonly bounds: readonly number[],
    readonly all: readonly MethodStats[],
  ) {
    super({ name, help: "Call latency in seconds, by side, service and method.", labelNames: ["side", "service", "method"], buckets: [...bounds], registers: [] });
  }

  /** What the registry formats as text (prom-client's own histogram adds exemplars here). */
  getForPromString(): ReturnType<Histogram<string>["get"]> {
    return this.get();
  }

  override async get(): ReturnType<Histogram<string>["get"]> {
    const name = (this as unknown as { name: string }).name;
    const values: Awaited<ReturnType<Histogram<string>["get"]>>["values"] = [];
    for (const s of this.all) {
      let cumulative = 0;
      for (let i = 0; i <= this.bounds.length; i++) {
        cumulative += s.buckets[i]!;
        const le = i < this.bounds.length ? this.bounds[i]! : "+Inf";
        values.push({ metricName: `${name}_bucket`, labels: { ...s.labels, le }, value: cumulative });
      }
      values.push({ metricName: `${name}_sum`, labels: s.labels, value: s.sum });
      values.push({ metricName: `${name}_count`, labels: s.labels, value: cumulative });
    }
    // prom-client's typings declare a numeric enum; at run time the type is this string.
    const type = "histogram" as unknown as MetricType;
    return { name, help: "Call latency in seconds, by side, service and method.", type, values, aggregator: "sum", collect() {} };
  }
}

/** One observer per registry and prefix: a client and a server in one process share it. */
const observers = new WeakMap<Registry, Map<string, PrometheusObserver>>();

/**
 * An observer for `createClient({ observers: [...] })` and
 * `createServer({ observers: [...] })` that counts calls, latency, bytes,
 * connections and refusals into a prom-client registry. Calling it again with
 * the same registry and prefix returns the same observer.
 */
export function prometheusMetrics(options: PrometheusOptions = {}): CallObserver {
  const registry = options.registry ?? defaultRegistry;
  const prefix = options.prefix ?? "rpcgen_";
  const bounds = options.buckets ?? RPC_LATENCY_BUCKETS;
  if (bounds.length === 0 || bounds.some((b, i) => !(b > 0) || (i > 0 && b <= bounds[i - 1]!))) {
    throw new RpcError(Code.INVALID_ARGUMENT, "prometheusMetrics: buckets must be positive and ascending, e.g. [0.001, 0.01, 0.1, 1]");
  }
  let byPrefix = observers.get(registry);
  if (byPrefix === undefined) observers.set(registry, (byPrefix = new Map()));
  let observer = byPrefix.get(prefix);
  if (observer === undefined) {
    if (registry.getSingleMetric(`${prefix}calls_started_total`) !== undefined) {
      throw new RpcError(Code.ALREADY_EXISTS, `prometheusMetrics: the registry already has ${prefix}* metrics from another copy of rpcgen; pass another prefix or registry`);
    }
    byPrefix.set(prefix, (observer = new PrometheusObserver(registry, prefix, bounds)));
  }
  return observer;
}

export interface ServeMetricsOptions {
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  /** Default "127.0.0.1" (only this machine); "0.0.0.0" for a Prometheus elsewhere. */
  readonly host?: string;
  /** Default: prom-client's global `register`. */
  readonly registry?: Registry;
  /** Default "/metrics". */
  readonly path?: string;
}

/** A running metrics endpoint. */
export interface MetricsServer {
  /** e.g. `http://127.0.0.1:9464/metrics`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serve `registry` in the Prometheus text format on `http://host:port/metrics` (node:http). */
export async function serveMetrics(options: ServeMetricsOptions): Promise<MetricsServer> {
  const registry = options.registry ?? defaultRegistry;
  const path = options.path ?? "/metrics";
  const host = options.host ?? "127.0.0.1";
  const server: HttpServer = createHttpServer((req, res) => {
    const url = req.url ?? "/";
    if (req.method !== "GET" || (url !== path && !url.startsWith(`${path}?`))) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`not found: metrics are at ${path}\n`);
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      (error: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(`cannot collect metrics: ${(error as Error).message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}${path}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
