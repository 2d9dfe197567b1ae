/** OpenTelemetry tracing over real sockets: client -> A -> B parentage, context in metadata, attributes, errors, oneway. */
import { context, createTraceState, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { expect } from "chai";
import type { CallContext } from "../../../runtime/call.js";
import { createClient, type RpcClient } from "../../../runtime/client/channel.js";
import { clientTracing, serverTracing } from "../../../runtime/observability/tracing.js";
import { createServer, type Server } from "../../../runtime/server/server.js";
import { Echo, hopService } from "../../helpers/descriptors.js";
import { rejectionOf, startEcho, waitFor, type Started } from "../../helpers/echo-server.js";
import { W3CTraceContextPropagator } from "@opentelemetry/core";

const A = hopService("A");

describe("observability: OpenTelemetry tracing", function () {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager();
  let b: Started;
  let a: Server;
  let toB: RpcClient;
  let entry: RpcClient;
  let aPort = 0;
  /** What B's handler received, per call. */
  const seenByB: Record<string, string>[] = [];

  before(async () => {
    context.setGlobalContextManager(contextManager.enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    b = await startEcho({ middleware: [serverTracing({ tracerProvider })] });
    toB = createClient({ target: b.target, middleware: [clientTracing({ tracerProvider })] });
    a = createServer({ onError: () => {}, middleware: [serverTracing({ tracerProvider })] });
    a.add(A, {
      async hop(_request: object, _ctx: CallContext) {
        const seen = (await toB.unary(Echo.methods["context"]!, {})) as Map<string, string>;
        seenByB.push(Object.fromEntries(seen));
        return [];
      },
    } as never);
    aPort = (await a.listen({ host: "127.0.0.1", port: 0 })).port;
    entry = createClient({ target: `static://127.0.0.1:${aPort}`, middleware: [clientTracing({ tracerProvider })] });
  });

  after(async () => {
    await Promise.all([entry.close(), toB.close()]);
    await Promise.all([a.close(), b.server.close()]);
    context.disable();
    propagation.disable();
    await tracerProvider.shutdown();
  });

  beforeEach(() => exporter.reset());

  const spansNamed = (name: string, kind: SpanKind): ReadableSpan[] => exporter.getFinishedSpans().filter((s) => s.name === name && s.kind === kind);

  it("makes the server span a child of the caller's and the parent of the calls its handler makes", async () => {
    await entry.unary(A.methods["hop"]!, {});
    await waitFor(() => exporter.getFinishedSpans().length === 4, 5000, "4 spans");
    const [entryClient] = spansNamed("test.A/hop", SpanKind.CLIENT);
    const [aServer] = spansNamed("test.A/hop", SpanKind.SERVER);
    const [aClient] = spansNamed("test.Echo/context", SpanKind.CLIENT);
    const [bServer] = spansNamed("test.Echo/context", SpanKind.SERVER);
    const traceId = entryClient!.spanContext().traceId;
    for (const span of [aServer, aClient, bServer]) expect(span!.spanContext().traceId).to.equal(traceId);
    expect(entryClient!.parentSpanContext).to.equal(undefined);
    expect(aServer!.parentSpanContext?.spanId).to.equal(entryClient!.spanContext().spanId);
    expect(aClient!.parentSpanContext?.spanId).to.equal(aServer!.spanContext().spanId);
    expect(bServer!.parentSpanContext?.spanId).to.equal(aClient!.spanContext().spanId);
    // The context B received in its metadata names A's client span.
    expect(seenByB[seenByB.length - 1]!["traceparent"]).to.equal(`00-${traceId}-${aClient!.spanContext().spanId}-01`);

    expect(entryClient!.attributes).to.deep.include({
      "rpc.system": "rpcgen",
      "rpc.service": "test.A",
      "rpc.method": "hop",
      "rpc.response.status_code": "OK",
      "server.address": "127.0.0.1",
      "server.port": aPort,
    });
    expect(bServer!.attributes).to.deep.include({ "rpc.system": "rpcgen", "rpc.service": "test.Echo", "rpc.method": "context", "client.address": "127.0.0.1" });
    expect(bServer!.attributes["rpcgen.oneway"]).to.equal(undefined);
  });

  it("carries tracestate along with traceparent, hop after hop", async () => {
    const upstream = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", traceFlags: 1, isRemote: true, traceState: createTraceState("vendor=abc") };
    await context.with(trace.setSpanContext(ROOT_CONTEXT, upstream), () => entry.unary(A.methods["hop"]!, {}));
    await waitFor(() => exporter.getFinishedSpans().length === 4, 5000, "4 spans");
    const [entryClient] = spansNamed("test.A/hop", SpanKind.CLIENT);
    const [aClient] = spansNamed("test.Echo/context", SpanKind.CLIENT);
    expect(entryClient!.spanContext().traceId).to.equal(upstream.traceId);
    expect(entryClient!.parentSpanContext?.spanId).to.equal(upstream.spanId);
    const seen = seenByB[seenByB.length - 1]!;
    expect(seen["traceparent"]).to.equal(`00-${upstream.traceId}-${aClient!.spanContext().spanId}-01`);
    expect(seen["tracestate"]).to.equal("vendor=abc");
  });

  it("records an IDL error as an error of the client span only, and marks oneway spans", async () => {
    await rejectionOf(toB.unary(Echo.methods["fail"]!, { how: "notfound" }));
    await toB.oneway(Echo.methods["track"]!, { event: "e" });
    await waitFor(() => exporter.getFinishedSpans().length === 4, 5000, "4 spans");
    const [failClient] = spansNamed("test.Echo/fail", SpanKind.CLIENT);
    const [failServer] = spansNamed("test.Echo/fail", SpanKind.SERVER);
    expect(failClient!.attributes["rpc.response.status_code"]).to.equal("IDL:test.NotFound");
    expect(failClient!.status.code).to.equal(SpanStatusCode.ERROR);
    expect(failServer!.attributes["rpc.response.status_code"]).to.equal("IDL:test.NotFound");
    expect(failServer!.status.code).to.equal(SpanStatusCode.UNSET);
    expect(failServer!.parentSpanContext?.spanId).to.equal(failClient!.spanContext().spanId);
    for (const kind of [SpanKind.CLIENT, SpanKind.SERVER]) {
      const [span] = spansNamed("test.Echo/track", kind);
      expect(span!.attributes["rpcgen.oneway"]).to.equal(true);
    }
  });

  it("costs one non-recording span and sends no trace context without an SDK", async () => {
    const plain = createClient({ target: b.target, middleware: [clientTracing()] });
    try {
      expect(trace.getTracerProvider().getTracer("x").startSpan("probe").isRecording()).to.equal(false);
      const seen = (await plain.unary(Echo.methods["context"]!, {})) as Map<string, string>;
      expect(seen.has("traceparent")).to.equal(false);
      // B's server span has no parent: the call carried none.
      await waitFor(() => exporter.getFinishedSpans().length === 1, 5000, "B's span");
      expect(exporter.getFinishedSpans()[0]!.parentSpanContext).to.equal(undefined);
    } finally {
      await plain.close();
    }
  });
});
