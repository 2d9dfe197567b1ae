/**
 * OpenTelemetry tracing (`rpcgen/runtime/tracing`), the only file that
 * imports @opentelemetry/api: a client span and a server span per call, W3C
 * trace context carried in the call's metadata through the api's propagator.
 * Tracing is middleware because it needs the async context: the server span
 * is active while the handler runs, so calls it makes are its children.
 * With no SDK registered, a call costs one non-recording span and no more.
 * Span names and attributes: docs/observability.md.
 */
import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
  type TracerProvider,
} from "@opentelemetry/api";
import type { Metadata } from "../call.js";
import type { Call, Handler, Middleware } from "../middleware/types.js";
import type { MethodDescriptor } from "../schema/types.js";
import { outcomeCode } from "./observer.js";

export interface TracingOptions {
  /** Where spans go. Default: the global provider (`trace.getTracerProvider()`, set by the SDK). */
  readonly tracerProvider?: TracerProvider;
}

/** Attribute names this module sets (OpenTelemetry RPC semantic conventions, plus rpcgen's own). */
export const TRACE_ATTRIBUTES = {
  system: "rpc.system",
  service: "rpc.service",
  method: "rpc.method",
  statusCode: "rpc.response.status_code",
  serverAddress: "server.address",
  serverPort: "server.port",
  clientAddress: "client.address",
  clientPort: "client.port",
  oneway: "rpcgen.oneway",
} as const;

/** Codes a server span counts as its own failure (the rest are the caller's: bad input, not found...). */
const SERVER_FAULTS: ReadonlySet<string> = new Set(["UNKNOWN", "DEADLINE_EXCEEDED", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS"]);

function tracerOf(options: TracingOptions): Tracer {
  return (options.tracerProvider ?? trace.getTracerProvider()).getTracer("rpcgen");
}

/** Span name and the attributes every span of a method starts with, built once per method. */
class MethodSpans {
  readonly #byMethod = new WeakMap<MethodDescriptor, { name: string; attributes: Attributes }>();

  /** A span of `method` under `parent`; undefined when it would neither record nor carry a trace (no SDK, no incoming trace). */
  start(tracer: Tracer, method: MethodDescriptor, kind: SpanKind, parent: Context): Span | undefined {
    const { name, attributes } = this.#of(method);
    const span = tracer.startSpan(name, { kind, attributes }, parent);
    return span.isRecording() || isSpanContextValid(span.spanContext()) ? span : undefined;
  }

  #of(method: MethodDescriptor): { name: string; attributes: Attributes } {
    let entry = this.#byMethod.get(method);
    if (entry === undefined) {
      const attributes: Attributes = {
        [TRACE_ATTRIBUTES.system]: "rpcgen",
        [TRACE_ATTRIBUTES.service]: method.service,
        [TRACE_ATTRIBUTES.method]: method.name,
      };
      if (method.kind === "oneway") attributes[TRACE_ATTRIBUTES.oneway] = true;
      entry = { name: `${method.service}/${method.name}`, attributes: Object.freeze(attributes) };
      this.#byMethod.set(method, entry);
    }
    return entry;
  }
}

/** Ends `span` with the call's outcome; `fault` says whether a failure code is an error of this span. */
function settle(span: Span, result: Promise<unknown>, fault: (code: string) => boolean, after?: () => void): Promise<unknown> {
  return result.then(
    (value) => {
      after?.();
      span.setAttribute(TRACE_ATTRIBUTES.statusCode, "OK");
      span.end();
      return value;
    },
    (error: unknown) => {
      after?.();
      const code = outcomeCode(error);
      span.setAttribute(TRACE_ATTRIBUTES.statusCode, code);
      if (fault(code)) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        if (error instanceof Error) span.recordException(error);
      }
      span.end();
      throw error;
    },
  );
}

/**
 * Client middleware: a CLIENT span per call (child of the active span, e.g.
 * the server span of the handler making the call), its context injected into
 * the call's metadata (`traceparent`, `tracestate`). Put it first in
 * `middleware` so retries and other middleware run inside the span.
 */
export function clientTracing(options: TracingOptions = {}): Middleware {
  const tracer = tracerOf(options);
  const spans = new MethodSpans();
  return (next: Handler): Handler =>
    (call: Call) => {
      const parent = context.active();
      const span = spans.start(tracer, call.method, SpanKind.CLIENT, parent);
      if (span === undefined) return next(call);
      const active = trace.setSpan(parent, span);
      propagation.inject(active, call.metadata, defaultTextMapSetter);
      const result = context.with(active, next, undefined, call);
      return settle(span, result, () => true, () => {
        const instance = call.instance;
        if (instance !== undefined) {
          span.setAttribute(TRACE_ATTRIBUTES.serverAddress, instance.host);
          span.setAttribute(TRACE_ATTRIBUTES.serverPort, instance.port);
        }
      });
    };
}

/**
 * Server middleware: a SERVER span per call, child of the caller's span when
 * the metadata carries one, active while the handler runs (calls made there
 * are its children). Oneway spans end when the handler settles.
 */
export function serverTracing(options: TracingOptions = {}): Middleware {
  const tracer = tracerOf(options);
  const spans = new MethodSpans();
  return (next: Handler): Handler =>
    (call: Call) => {
      const parent = propagation.extract(context.active(), call.metadata as Readonly<Metadata>, defaultTextMapGetter);
      const span = spans.start(tracer, call.method, SpanKind.SERVER, parent);
      if (span === undefined) return next(call);
      const peer = call.ctx?.peer;
      if (peer !== undefined && span.isRecording()) {
        span.setAttribute(TRACE_ATTRIBUTES.clientAddress, peer.host);
        span.setAttribute(TRACE_ATTRIBUTES.clientPort, peer.port);
      }
      return settle(span, context.with(trace.setSpan(parent, span), next, undefined, call), (code) => SERVER_FAULTS.has(code));
    };
}
