/**
 * rpcgen with OpenTelemetry tracing on both sides: the SDK's tracer provider
 * (always sampled, a batch processor) with an exporter that drops the spans,
 * the async-hooks context manager and W3C trace context in the metadata, so
 * the figures show what a span pair per call costs against plain rpcgen.
 */
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { clientTracing, serverTracing } from "../../runtime/observability/tracing.js";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import type { PeerClient, PeerServer } from "./peer.js";
import { connectWith, startRpcgenServer } from "./rpcgen.js";

/** Takes every batch and keeps nothing: the cost measured is making spans, not shipping them. */
const dropping: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: () => Promise.resolve(),
};

let registered = false;

/** The SDK, as an application sets it up at start (once per process). */
function registerSdk(): void {
  if (registered) return;
  registered = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropping)] }));
}

export function startServer(): Promise<PeerServer> {
  registerSdk();
  return startRpcgenServer({ middleware: [serverTracing()] });
}

export function connectClient(port: number): Promise<PeerClient> {
  registerSdk();
  return connectWith({ target: `static://127.0.0.1:${port}`, middleware: [clientTracing()] });
}
