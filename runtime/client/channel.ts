/**
 * `createClient()`: the Channel generated clients call. A call runs the
 * client middleware, then validates and encodes its arguments, picks an
 * instance, and goes out on that instance's pooled connection.
 */
import type { CallOptions, Metadata } from "../call.js";
import type { Args } from "../codec/args.js";
import { compressorByName, encodeArgs, serializerByName, DEFAULT_SERIALIZER_ID, getSerializer } from "../codec/index.js";
import type { Compressor, Serializer } from "../codec/types.js";
import { Code } from "../codes.js";
import { inheritedContext } from "../context.js";
import { callDeadline, remainingMs } from "../deadline.js";
import { RpcError } from "../errors.js";
import { chain } from "../middleware/chain.js";
import type { Call, Handler } from "../middleware/types.js";
import { DEFAULT_FRAME_LIMITS, EMPTY_METADATA as NO_METADATA, MAX_WIRE_TIMEOUT_MS, metadataOverLimit } from "../protocol/index.js";
import { FrameKind, type Frame, type FrameLimits } from "../protocol/types.js";
import { validateArgs } from "../schema/validate.js";
import type { MethodDescriptor } from "../schema/types.js";
import { compressBody, frameFits } from "../transport/body.js";
import type { ConnectionOptions } from "../transport/connection.js";
import { ConnectionPool } from "../transport/pool.js";
import { connectTcp, type Endpoint } from "../transport/tcp.js";
import { connectTls } from "../transport/tls.js";
import { TimerWheel } from "../transport/timer-wheel.js";
import { traceCallSite } from "./call-site.js";
import { ClientConnection } from "./client-connection.js";
import { CLIENT_DEFAULTS, type ClientOptions } from "./options.js";
import { cancelled, PendingCall } from "./pending-call.js";
import { HealthProbe } from "./health-probe.js";
import { HealthDescriptor, type HealthStatus } from "../health/descriptor.js";
import { instanceKey, resolverFor, type Resolver } from "./resolver.js";
import { broadcastTo, type BroadcastChannel, type BroadcastOptions, type InstanceResult } from "../cluster/broadcast.js";
import { RouterChain } from "../router/router.js";
import { annotatedStrategy, clusterStrategy } from "../cluster/strategies.js";
import { hedge, notHedgeable } from "../cluster/hedging.js";
import type { ClusterStrategy } from "../cluster/cluster.js";
import { OnewayCall } from "./oneway-call.js";
import { RoutedCall, type Attempts } from "./routed-call.js";
import { buildSelection, select, type Selection } from "./selection.js";
import type { Instance } from "../registry/registry.js";
import type { Usable } from "../balancer/balancer.js";
import { ClientResilience } from "./resilience.js";
import { CallSizes, combineObservers, outcomeCode, refusalOf, type CallObserver } from "../observability/observer.js";

/** Debug counters (tests use them to prove the call table empties). */
export interface ClientStats {
  /** Unary calls waiting for a response, over all connections. */
  readonly pending: number;
  /** Open, usable connections. */
  readonly connections: number;
  /** Addresses the connection pool holds state for (open, connecting or backing off). */
  readonly poolSlots: number;
  /** (instance, service) pairs the health probe last found not serving (0 without a probe). */
  readonly unhealthy: number;
}

/** A Channel with a few extras: stats, and close() that lets in-flight calls finish. */
export interface RpcClient extends BroadcastChannel {
  stats(): ClientStats;
  /**
   * Call `method` once on every instance the client's routers (or the
   * method's), then `options.routers` (multicast), leave for this call, and
   * resolve with each instance's outcome: `{ instance, value }` or
   * `{ instance, error }`, in the routed order. Rejects only when no instance
   * is left (UNAVAILABLE naming the router).
   */
  broadcast(method: MethodDescriptor, request: object | undefined, options?: BroadcastOptions): Promise<InstanceResult[]>;
  /**
   * Stop taking calls; resolves once in-flight calls have finished and the
   * connections are closed (`{ force: true }`: fail in-flight calls now).
   */
  close(options?: { force?: boolean }): Promise<void>;
}

/** Shared with the frame layer, which skips it by identity when encoding headers. */
const EMPTY_METADATA: Metadata = NO_METADATA;

/** Where an observed call made through middleware keeps its sizes (spreading the Call keeps it). */
const SIZES = Symbol("rpcgen.sizes");

/** Create a client channel for `options.target`. */
export function createClient(options: ClientOptions): RpcClient {
  return new ClientChannel(options);
}

type SizedCall = Call & { [SIZES]?: CallSizes };

class ClientChannel implements RpcClient, Attempts {
  readonly #resolver: Resolver;
  /** Balancer, routers and cluster strategy of the client; per method where overridden. */
  readonly #selection: Selection;
  readonly #methods: ReadonlyMap<string, Selection> | undefined;
  /** The client's `methods` option: an override that sets `cluster` beats a method's `@cluster`. */
  readonly #methodOptions: ClientOptions["methods"];
  readonly #byMethod = new WeakMap<MethodDescriptor, Selection>();
  readonly #pool: ConnectionPool<ClientConnection>;
  readonly #wheel = new TimerWheel(10);
  /** `host:port` per instance object, so the hot path builds no string. */
  readonly #keys = new WeakMap<Endpoint, string>();
  readonly #serializer: Serializer;
  readonly #compressor: Compressor | undefined;
  readonly #threshold: number;
  readonly #defaultTimeout: number;
  readonly #validate: boolean;
  readonly #maxFrameBytes: number;
  readonly #limits: FrameLimits;
  readonly #handler: Handler;
  readonly #hasMiddleware: boolean;
  /** Breakers, retries, bulkheads (docs/availability.md). */
  readonly #resilience: ClientResilience;
  /** The method being picked for, read by `usable` when breakers or the health probe are on. */
  #picking: MethodDescriptor | undefined;
  /** Undefined unless `healthProbe` is set. */
  readonly #probe: HealthProbe | undefined;
  /** True when `usable` reads `#picking` (breakers or the health probe). */
  readonly #tracksPicking: boolean;
  /** Undefined without observers: every hook site is one check. */
  readonly #observer: CallObserver | undefined;
  #closed = false;

  constructor(options: ClientOptions) {
    // Connections to instances that left the registry close once their calls finish.
    this.#resolver = resolverFor(options.target, options.registry, {
      registryOptions: options.registryOptions,
      applications: options.applications,
      onLeft: (key) => this.#pool.evict(key),
    });
    const serializer = options.serializer === undefined ? getSerializer(DEFAULT_SERIALIZER_ID) : serializerByName(options.serializer);
    if (serializer === undefined) {
      throw new RpcError(Code.INVALID_ARGUMENT, `unknown serializer "${options.serializer}": use "msgpack" or "json"`);
    }
    this.#serializer = serializer;
    const compression = options.compression ?? "none";
    const compressor = compression === "none" ? undefined : compressorByName(compression);
    if (compression !== "none" && compressor === undefined) {
      throw new RpcError(Code.INVALID_ARGUMENT, `unknown compression "${compression}": use "none" or "gzip"`);
    }
    this.#compressor = compressor;
    this.#threshold = options.compressionThreshold ?? CLIENT_DEFAULTS.compressionThreshold;
    this.#defaultTimeout = options.timeout ?? CLIENT_DEFAULTS.timeout;
    this.#validate = options.validate ?? true;
    const connOptions: ConnectionOptions = {
      limits: { ...DEFAULT_FRAME_LIMITS, ...options.limits },
      keepaliveIntervalMs: options.keepalive?.intervalMs ?? CLIENT_DEFAULTS.keepaliveIntervalMs,
      keepaliveTimeoutMs: options.keepalive?.timeoutMs ?? CLIENT_DEFAULTS.keepaliveTimeoutMs,
      idleTimeoutMs: options.idleTimeout ?? CLIENT_DEFAULTS.idleTimeout,
      firstFrameTimeoutMs: 0,
      maxWriteBufferBytes: options.maxWriteBufferBytes ?? CLIENT_DEFAULTS.maxWriteBufferBytes,
      minPingIntervalMs: options.limits?.minPingIntervalMs ?? CLIENT_DEFAULTS.minPingIntervalMs,
      maxPingStrikes: options.limits?.maxPingStrikes ?? CLIENT_DEFAULTS.maxPingStrikes,
    };
    this.#maxFrameBytes = connOptions.limits.maxFrameBytes;
    this.#limits = connOptions.limits;
    const connectTimeout = options.connectTimeout ?? CLIENT_DEFAULTS.connectTimeout;
    const tls = options.tls;
    const observer = (this.#observer = combineObservers(options.observers));
    this.#pool = new ConnectionPool<ClientConnection>(async (endpoint: Endpoint) => {
      const socket = tls === undefined ? await connectTcp(endpoint, connectTimeout) : await connectTls(endpoint, tls, connectTimeout);
      const conn = new ClientConnection(socket, instanceKey(endpoint), connOptions, this.#wheel);
      if (observer !== undefined) {
        observer.connectionOpened?.("client");
        void conn.closed.then(() => observer.connectionClosed?.("client"));
      }
      return conn;
    }, options.reconnect);
    this.#resilience = new ClientResilience(options);
    const probe = (this.#probe =
      options.healthProbe === undefined || options.healthProbe === false
        ? undefined
        : new HealthProbe(options.healthProbe, {
            openKeys: () => [...this.#pool.connections()].filter((c) => c.usable).map((c) => c.key),
            check: (key, service, timeoutMs) => this.#healthCheckOn(key, service, timeoutMs),
          }));
    // Balancers skip instances whose connection is in reconnect backoff, whose breaker is open, or that said they do not serve.
    const breakers = this.#resilience.breakers;
    this.#tracksPicking = breakers !== undefined || probe !== undefined;
    const usable: Usable = !this.#tracksPicking
      ? (instance) => this.#pool.allUsable || this.#pool.usable(this.#keyOf(instance))
      : (instance) =>
          (this.#pool.allUsable || this.#pool.usable(this.#keyOf(instance))) &&
          (breakers === undefined || !breakers.isOpen(instance, this.#picking!)) &&
          (probe === undefined || !probe.isDown(this.#keyOf(instance), this.#picking!.service));
    this.#selection = buildSelection(options, undefined, usable);
    this.#methodOptions = options.methods;
    const methods = Object.entries(options.methods ?? {});
    this.#methods =
      methods.length === 0 ? undefined : new Map(methods.map(([name, own]) => [name, buildSelection(own, options, usable)]));
    const terminal: Handler = (call) =>
      this.#send(call.method, call.request, call.metadata, call.deadline, call.options, inheritedContext()?.signal, call, (call as SizedCall)[SIZES]);
    this.#hasMiddleware = (options.middleware?.length ?? 0) > 0;
    this.#handler = this.#hasMiddleware ? chain(...options.middleware!)(terminal) : terminal;
  }

  unary(method: MethodDescriptor, request: object | undefined, options?: CallOptions): Promise<unknown> {
    if (this.#observer !== undefined) return traceCallSite(this.#observed(method, request as Args | undefined, options));
    return traceCallSite(this.#invoke(method, request as Args | undefined, options));
  }

  oneway(method: MethodDescriptor, request: object | undefined, options?: CallOptions): Promise<void> {
    if (this.#observer !== undefined) return traceCallSite(this.#observed(method, request as Args | undefined, options) as Promise<void>);
    return traceCallSite(this.#invoke(method, request as Args | undefined, options) as Promise<void>);
  }

  /** A call told to the observer: started now, finished when it settles, with its body sizes. */
  #observed(method: MethodDescriptor, request: Args | undefined, options: CallOptions | undefined): Promise<unknown> {
    const observer = this.#observer!;
    const sizes = new CallSizes();
    const start = performance.now();
    observer.callStarted("client", method);
    return this.#invoke(method, request, options, sizes).then(
      (value) => {
        observer.callFinished("client", method, "OK", performance.now() - start, sizes.bytesOut, sizes.response?.bytesIn ?? 0);
        return value;
      },
      (error: unknown) => {
        const refusal = refusalOf(error);
        if (refusal !== undefined) observer.callRefused?.("client", refusal);
        observer.callFinished("client", method, outcomeCode(error), performance.now() - start, sizes.bytesOut, sizes.response?.bytesIn ?? 0);
        throw error;
      },
    );
  }

  async broadcast(method: MethodDescriptor, request: object | undefined, options?: BroadcastOptions): Promise<InstanceResult[]> {
    const selection = this.#selectionFor(method);
    const instances = await this.#resolver.list(method.service);
    const extra = options?.routers === undefined || options.routers.length === 0 ? undefined : new RouterChain(options.routers);
    let routed = instances;
    if (selection.chain !== undefined || extra !== undefined) {
      // Routers read the call's metadata: the merged metadata the calls themselves will carry.
      const inherited = inheritedContext()?.metadata;
      const metadata = { ...inherited, ...options?.metadata };
      const info = { method, metadata, key: options?.hashKey };
      for (const chain of [selection.chain, extra]) {
        if (chain === undefined) continue;
        const before = routed;
        routed = chain.route(info, before);
        if (routed.length === 0) throw chain.unavailable(info, before);
      }
    }
    return broadcastTo(routed, (instance) => this.unary(method, request, { ...options, pin: this.#keyOf(instance) }));
  }

  stats(): ClientStats {
    let pending = 0;
    for (const conn of this.#pool.connections()) pending += conn.pending;
    return { pending, connections: this.#pool.size, poolSlots: this.#pool.slots, unhealthy: this.#probe?.unhealthy ?? 0 };
  }

  async close(options?: { force?: boolean }): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#probe?.close();
    const unwatched = this.#resolver.close();
    this.#pool.close(options?.force !== true);
    // Resolves when every socket is closed: at once when idle, after the last in-flight call otherwise.
    await Promise.all([...this.#pool.connections()].map((c) => c.closed));
    await unwatched;
  }

  #invoke(method: MethodDescriptor, request: Args | undefined, options: CallOptions | undefined, sizes?: CallSizes): Promise<unknown> {
    const inherited = inheritedContext();
    const deadline = callDeadline(
      options?.timeout,
      options?.deadline,
      method.timeoutMs,
      this.#defaultTimeout,
      inherited?.deadline,
      Date.now(),
    );
    let metadata: Metadata = EMPTY_METADATA;
    if (inherited !== undefined && options?.metadata !== undefined) metadata = { ...inherited.metadata, ...options.metadata };
    else if (inherited !== undefined) metadata = this.#hasMiddleware ? { ...inherited.metadata } : inherited.metadata;
    else if (options?.metadata !== undefined) metadata = { ...options.metadata };
    // Middleware may edit metadata in place: it gets a fresh object.
    else if (this.#hasMiddleware) metadata = {};
    // Without middleware no Call object is needed: straight to the end of the chain.
    if (!this.#hasMiddleware) return this.#send(method, request, metadata, deadline, options, inherited?.signal, undefined, sizes);
    const call: Call = { side: "client", method, request, metadata, deadline, options };
    if (sizes !== undefined) (call as SizedCall)[SIZES] = sizes;
    try {
      return this.#handler(call);
    } catch (error) {
      return Promise.reject(RpcError.from(error));
    }
  }

  /**
   * The end of the client chain: validate, encode, route, send. Never throws
   * (rejects). `inheritedSignal`: the handler's signal this call is made from.
   */
  #send(
    method: MethodDescriptor,
    request: Args | undefined,
    metadata: Metadata,
    deadline: number,
    options: CallOptions | undefined,
    inheritedSignal: AbortSignal | undefined,
    view?: Call,
    sizes?: CallSizes,
  ): Promise<unknown> {
    if (this.#closed) return Promise.reject(new RpcError(Code.UNAVAILABLE, "the client is closed", { notProcessed: true }));
    const own = options?.signal;
    // Cancelled when either the caller's own signal or the upstream call's aborts.
    const signal = inheritedSignal === undefined ? own : own === undefined ? inheritedSignal : AbortSignal.any([own, inheritedSignal]);
    if (signal?.aborted) return Promise.reject(cancelled(signal));
    // The deadline is checked once, right before sending (#sendOn).
    if (this.#validate) {
      const issue = validateArgs(method, request);
      if (issue !== undefined) {
        return Promise.reject(
          new RpcError(Code.INVALID_ARGUMENT, `${method.name}: ${issue.path}: ${issue.message}`, {
            notProcessed: true,
            details: { path: issue.path },
          }),
        );
      }
    }
    let frame: Frame;
    try {
      let bytes = encodeArgs(this.#serializer, method, request);
      let compressorId = 0;
      const compressor = this.#compressorFor(options);
      if (compressor !== undefined) {
        const body = compressBody(bytes, compressor, this.#threshold);
        bytes = body.bytes;
        compressorId = body.compressor;
      }
      frame = this.#requestFrame(method, metadata, bytes, compressorId);
    } catch (error) {
      return Promise.reject(RpcError.from(error, Code.INVALID_ARGUMENT));
    }
    if (!frameFits(frame.header, frame.body.length, this.#maxFrameBytes, true)) {
      return Promise.reject(
        new RpcError(
          Code.RESOURCE_EXHAUSTED,
          `${method.name}: the request (${frame.body.length} body bytes) exceeds the ${this.#maxFrameBytes}-byte frame limit; send less or raise limits.maxFrameBytes on both sides`,
          { notProcessed: true },
        ),
      );
    }
    // Over-limit metadata would make the server refuse the call: fail it here, without sending.
    const overLimit = metadata === EMPTY_METADATA ? undefined : metadataOverLimit(metadata, this.#limits);
    if (overLimit !== undefined) {
      return Promise.reject(new RpcError(Code.RESOURCE_EXHAUSTED, `${method.name}: ${overLimit}`, { notProcessed: true }));
    }
    if (sizes !== undefined) sizes.bytesOut = frame.body.length;
    let selection: Selection;
    try {
      selection = this.#selectionFor(method);
    } catch (error) {
      // A hand-written descriptor's `cluster` the runtime refuses (generated ones are checked by the compiler).
      return Promise.reject(RpcError.from(error, Code.INVALID_ARGUMENT));
    }
    if (method.kind === "oneway") return this.#sendOneway(selection, method, metadata, deadline, options, signal, frame, view);
    const cluster = options?.cluster === undefined ? selection.cluster : clusterStrategy(options.cluster);
    if (cluster.hedge !== undefined) return this.#hedged(selection, cluster, method, deadline, signal, metadata, options, frame, view);
    let plan = this.#resilience.everyMethod || method.retry !== undefined ? this.#resilience.planOf(method) : undefined;
    if (plan !== undefined && options?.retry === false) plan = plan.withoutRetry();
    if (plan !== undefined) {
      const refused = plan.enter();
      if (refused !== undefined) return Promise.reject(refused);
    }
    const call = new RoutedCall(method, deadline, signal, metadata, options?.hashKey, options?.pin, frame, cluster, this, view);
    if (plan !== undefined) call.plan = plan;
    const promise = call.promise();
    if (sizes !== undefined) sizes.response = call;
    this.#attemptWith(selection, call);
    return promise;
  }

  /** Another attempt of a call whose last attempt failed (its cluster strategy said so). */
  attempt(call: RoutedCall): void {
    if (call.settled) return;
    this.#attemptWith(this.#selectionFor(call.method), call);
  }

  /** View -> routers -> balancer -> connection, for one attempt. Never throws: failures settle the call. */
  #attemptWith(selection: Selection, call: RoutedCall): void {
    if (this.#closed) {
      call.fail(new RpcError(Code.UNAVAILABLE, "the client is closed", { notProcessed: true }));
      return;
    }
    let instances;
    try {
      instances = this.#resolver.list(call.method.service);
    } catch (error) {
      call.fail(error);
      return;
    }
    if (instances instanceof Promise) {
      instances.then(
        (list) => this.#attemptOn(selection, call, list),
        (error: unknown) => call.fail(error),
      );
    } else this.#attemptOn(selection, call, instances);
  }

  #attemptOn(selection: Selection, call: RoutedCall, instances: readonly Instance[]): void {
    const plan = call.plan;
    if (this.#tracksPicking) this.#pick(call.method);
    const picked = select(selection, instances, call);
    if (picked instanceof RpcError) {
      // Every instance tried: the retry policy may still send it again after a backoff.
      if (picked !== call.lastError || !call.retryLater(picked)) call.fail(picked, true);
      return;
    }
    if (plan !== undefined) {
      // The balancer skips open instances; it picks one only when every instance is open (or unusable): fail fast.
      const refused = plan.admit(picked.instance);
      if (refused !== undefined) {
        picked.done?.(refused, 0);
        call.fail(refused, true);
        return;
      }
    }
    call.chose(picked);
    const conn = this.#pool.acquire(picked.instance, this.#keyOf(picked.instance));
    // Connecting, or refused at once (backoff): a failure here never left the client, so the call may go elsewhere.
    if (conn instanceof Promise) conn.then((c) => this.#start(c, call), (error: unknown) => call.fail(RpcError.from(error, Code.UNAVAILABLE)));
    else this.#start(conn, call);
  }

  #start(conn: ClientConnection, call: RoutedCall): void {
    if (call.settled) return;
    const timeoutMs = this.#wireTimeout(call.method, call.deadline, call.signal);
    if (typeof timeoutMs !== "number") {
      call.fail(timeoutMs, true);
      return;
    }
    const frame = call.request;
    frame.header.timeoutMs = timeoutMs;
    if (call.picked!.done !== undefined) call.startedAt = performance.now();
    conn.start(call, frame);
  }

  /** The REQUEST (or ONEWAY) frame of `method`; the request id and timeout are written when it is sent. */
  #requestFrame(method: MethodDescriptor, metadata: Metadata, body: Uint8Array, compressorId: number): Frame {
    return {
      kind: method.kind === "oneway" ? FrameKind.ONEWAY : FrameKind.REQUEST,
      flags: 0,
      serializer: this.#serializer.id,
      compressor: compressorId,
      requestId: 0,
      header: { service: method.service, method: method.name, timeoutMs: 0, metadata, status: "", message: "" },
      body,
    };
  }

  /** Tell `usable` (and the health probe) which method the next pick is for. */
  #pick(method: MethodDescriptor): void {
    this.#picking = method;
    this.#probe?.note(method.service);
  }

  /**
   * The health probe's Health/check of `service`, sent on the open connection
   * to `key` itself: no routing, no registry entry needed for the health service.
   */
  #healthCheckOn(key: string, service: string, timeoutMs: number): Promise<HealthStatus> {
    let conn: ClientConnection | undefined;
    for (const c of this.#pool.connections()) if (c.key === key && c.usable) conn = c;
    if (conn === undefined) return Promise.reject(new RpcError(Code.UNAVAILABLE, `no open connection to ${key}`, { notProcessed: true }));
    const method = HealthDescriptor.methods.check as MethodDescriptor;
    const frame = this.#requestFrame(method, EMPTY_METADATA, encodeArgs(this.#serializer, method, { service } as Args), 0);
    frame.header.timeoutMs = timeoutMs;
    const call = new PendingCall(method, Date.now() + timeoutMs, undefined);
    const promise = call.promise() as Promise<HealthStatus>;
    conn.start(call, frame);
    return promise;
  }

  /**
   * A method's selection: its `methods` override, else the client's; the
   * method's `@cluster` strategy unless the override sets `cluster` (per
   * call > per-method option > IDL annotation > client default).
   */
  #selectionFor(method: MethodDescriptor): Selection {
    return this.#methods === undefined && method.cluster === undefined ? this.#selection : this.#selectionOf(method);
  }

  #selectionOf(method: MethodDescriptor): Selection {
    let selection = this.#byMethod.get(method);
    if (selection === undefined) {
      const name = `${method.service}/${method.name}`;
      selection = this.#methods?.get(name) ?? this.#selection;
      if (method.cluster !== undefined && this.#methodOptions?.[name]?.cluster === undefined) {
        selection = { ...selection, cluster: annotatedStrategy(method.cluster) };
      }
      this.#byMethod.set(method, selection);
    }
    return selection;
  }

  /** A hedged call: attempts on different instances, `delayMs` apart; the first answer wins, the others get CANCEL. */
  #hedged(
    selection: Selection,
    cluster: ClusterStrategy,
    method: MethodDescriptor,
    deadline: number,
    signal: AbortSignal | undefined,
    metadata: Metadata,
    options: CallOptions | undefined,
    frame: Frame,
    view: Call | undefined,
  ): Promise<unknown> {
    if (!method.idempotent) return Promise.reject(notHedgeable(method));
    return hedge(cluster.hedge!, (previous: readonly RoutedCall[]) => {
      // Each attempt writes its own request id into its frame: later ones get a copy (same body).
      const own = previous.length === 0 ? frame : { ...frame, header: { ...frame.header } };
      const call = new RoutedCall(method, deadline, signal, metadata, options?.hashKey, options?.pin, own, cluster, this, view);
      if (previous.length > 0) {
        call.tried = previous.flatMap((p) => [...(p.tried ?? []), ...(p.picked === undefined ? [] : [this.#keyOf(p.picked.instance)])]);
        call.lastError = new RpcError(Code.UNAVAILABLE, `${method.service}/${method.name}: hedging found no instance that an earlier attempt of this call has not used`, {
          notProcessed: true,
        });
      }
      const promise = call.promise();
      this.#attemptWith(selection, call);
      return [call, promise] as const;
    });
  }

  /** `host:port` per instance object, so the hot path builds no string. */
  #keyOf(instance: Instance): string {
    let key = this.#keys.get(instance);
    if (key === undefined) this.#keys.set(instance, (key = instanceKey(instance)));
    return key;
  }

  #compressorFor(options: CallOptions | undefined): Compressor | undefined {
    const name = options?.compression;
    if (name === undefined) return this.#compressor;
    if (name === "none") return undefined;
    const c = compressorByName(name);
    if (c === undefined) throw new RpcError(Code.INVALID_ARGUMENT, `unknown compression "${name}"`, { notProcessed: true });
    return c;
  }

  /**
   * The timeout to write into the frame (one clock read), or the error that
   * stops the call before it is sent: cancelled, or out of time while connecting.
   */
  #wireTimeout(method: MethodDescriptor, deadline: number, signal: AbortSignal | undefined): number | RpcError {
    if (signal?.aborted) return cancelled(signal);
    const timeoutMs = remainingMs(deadline);
    if (timeoutMs === 0) {
      return new RpcError(Code.DEADLINE_EXCEEDED, `${method.service}/${method.name}: deadline passed before sending`, { notProcessed: true });
    }
    return timeoutMs > MAX_WIRE_TIMEOUT_MS ? MAX_WIRE_TIMEOUT_MS : timeoutMs;
  }

  /** A oneway call: one pick, one write (no reply, so nothing to retry after it left). */
  #sendOneway(
    selection: Selection,
    method: MethodDescriptor,
    metadata: Metadata,
    deadline: number,
    options: CallOptions | undefined,
    signal: AbortSignal | undefined,
    frame: Frame,
    view: Call | undefined,
  ): Promise<void> {
    // Read by routers and the balancer, told when the frame is written. No signal is
    // watched: it would be held until the call settles, and the write settles it.
    const call = new OnewayCall(method, metadata, options?.hashKey, options?.pin);
    let instances;
    try {
      instances = this.#resolver.list(method.service);
    } catch (error) {
      return Promise.reject(error);
    }
    if (instances instanceof Promise) {
      return instances.then((list) => this.#onewayOn(selection, call, list, deadline, signal, frame, view));
    }
    return this.#onewayOn(selection, call, instances, deadline, signal, frame, view);
  }

  #onewayOn(
    selection: Selection,
    call: OnewayCall,
    instances: readonly Instance[],
    deadline: number,
    signal: AbortSignal | undefined,
    frame: Frame,
    view: Call | undefined,
  ): Promise<void> {
    if (this.#tracksPicking) this.#pick(call.method);
    const picked = select(selection, instances, call);
    if (picked instanceof RpcError) return Promise.reject(picked);
    if (view !== undefined) view.instance = picked.instance;
    const conn = this.#pool.acquire(picked.instance, this.#keyOf(picked.instance));
    if (conn instanceof Promise) return conn.then((c) => this.#writeOneway(c, call, deadline, signal, frame));
    return this.#writeOneway(conn, call, deadline, signal, frame);
  }

  #writeOneway(conn: ClientConnection, call: OnewayCall, deadline: number, signal: AbortSignal | undefined, frame: Frame): Promise<void> {
    const timeoutMs = this.#wireTimeout(call.method, deadline, signal);
    if (typeof timeoutMs !== "number") return Promise.reject(timeoutMs);
    frame.header.timeoutMs = timeoutMs;
    const promise = call.promise();
    conn.sendOneway(frame, call);
    return promise;
  }
}
