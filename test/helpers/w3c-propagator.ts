/**
 * A minimal W3C trace-context propagator (`traceparent`, `tracestate`) for the
 * tracing tests: the SDK's own lives in @opentelemetry/core, which the tests
 * do not depend on. Version 00 only.
 */
import {
  createTraceState,
  isSpanContextValid,
  trace,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from "@opentelemetry/api";

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export class W3cTraceContext implements TextMapPropagator {
  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    const span = trace.getSpanContext(ctx);
    if (span === undefined || !isSpanContextValid(span)) return;
    setter.set(carrier, "traceparent", `00-${span.traceId}-${span.spanId}-${(span.traceFlags & 0xff).toString(16).padStart(2, "0")}`);
    if (span.traceState !== undefined) setter.set(carrier, "tracestate", span.traceState.serialize());
  }

  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    const raw = getter.get(carrier, "traceparent");
    const m = TRACEPARENT.exec(Array.isArray(raw) ? (raw[0] ?? "") : (raw ?? ""));
    if (m === null) return ctx;
    const state = getter.get(carrier, "tracestate");
    return trace.setSpanContext(ctx, {
      traceId: m[1]!,
      spanId: m[2]!,
      traceFlags: parseInt(m[3]!, 16),
      isRemote: true,
      traceState: typeof state === "string" ? createTraceState(state) : undefined,
    });
  }

  fields(): string[] {
    return ["traceparent", "tracestate"];
  }
}
