/** Prometheus metrics over real sockets: known calls, then a scrape over HTTP parsed as Prometheus text. */
import { expect } from "chai";
import { Registry } from "prom-client";
import { createClient, type RpcClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import type { ServerOptions } from "../../../runtime/server/options.js";
import { prometheusMetrics, serveMetrics, type MetricsServer } from "../../../runtime/observability/prometheus.js";
import { Echo, NotFound } from "../../helpers/descriptors.js";
import { rejectionOf, startEcho, waitFor, type Started } from "../../helpers/echo-server.js";
import { parsePrometheusText, sampleValue, type Sample } from "../../helpers/prom-text.js";

const m = Echo.methods;

async function scrape(url: string): Promise<{ samples: Sample[]; type: string | null }> {
  const res = await fetch(url);
  expect(res.status).to.equal(200);
  return { samples: parsePrometheusText(await res.text()), type: res.headers.get("content-type") };
}

describe("observability: Prometheus metrics", function () {
  let registry: Registry;
  let echo: Started;
  let client: RpcClient;
  let metrics: MetricsServer;

  beforeEach(async () => {
    registry = new Registry();
    const observer = prometheusMetrics({ registry });
    echo = await startEcho({ observers: [observer] });
    client = createClient({ target: echo.target, observers: [observer] });
    metrics = await serveMetrics({ port: 0, registry });
  });

  /** Replace the server (made with `options`) and the client; both keep reporting to the same registry. */
  async function restartWith(options: ServerOptions): Promise<void> {
    await client.close();
    await echo.server.close();
    const observer = prometheusMetrics({ registry });
    echo = await startEcho({ observers: [observer], ...options });
    client = createClient({ target: echo.target, observers: [observer] });
  }

  afterEach(async () => {
    await client.close({ force: true });
    await echo.server.close({ timeoutMs: 100 });
    await metrics.close();
  });

  it("counts successes, an IDL error, a deadline, a validation error and a oneway on both sides", async () => {
    for (const text of ["a", "bb", "ccc"]) expect(await client.unary(m.echo!, { text })).to.equal(text);
    expect(await rejectionOf(client.unary(m.fail!, { how: "notfound" }))).to.be.instanceOf(NotFound);
    const late = await rejectionOf(client.unary(m.sleep!, { ms: 5_000 }, { timeout: 50 }));
    expect((late as RpcError).code).to.equal(Code.DEADLINE_EXCEEDED);
    const invalid = await rejectionOf(client.unary(m.place!, { items: [{ sku: "" }] }));
    expect((invalid as RpcError).code).to.equal(Code.INVALID_ARGUMENT);
    await client.oneway(m.track!, { event: "seen" });
    await waitFor(() => echo.probe.tracked.length === 1 && echo.probe.sleepsDone === 1 && echo.server.stats().inFlight === 0);

    const { samples, type } = await scrape(metrics.url);
    expect(type).to.match(/^text\/plain/);
    const handled = (side: string, method: string, code: string) =>
      sampleValue(samples, "rpcgen_calls_handled_total", { side, service: "test.Echo", method, code });
    const started = (side: string, method: string) => sampleValue(samples, "rpcgen_calls_started_total", { side, service: "test.Echo", method });
    const count = (side: string, method: string) => sampleValue(samples, "rpcgen_call_duration_seconds_count", { side, service: "test.Echo", method });

    for (const side of ["client", "server"]) {
      expect(started(side, "echo"), side).to.equal(3);
      expect(handled(side, "echo", "OK"), side).to.equal(3);
      expect(count(side, "echo"), side).to.equal(3);
      expect(handled(side, "fail", "IDL:test.NotFound"), side).to.equal(1);
      expect(handled(side, "sleep", "DEADLINE_EXCEEDED"), side).to.equal(1);
      expect(count(side, "sleep"), side).to.equal(1);
      expect(handled(side, "track", "OK"), side).to.equal(1);
      for (const method of ["echo", "fail", "sleep", "track"]) {
        expect(sampleValue(samples, "rpcgen_calls_in_flight", { side, service: "test.Echo", method }), `${side} ${method}`).to.equal(0);
      }
    }
    // Refused by the client's validation: never sent, so the server saw nothing.
    expect(handled("client", "place", "INVALID_ARGUMENT")).to.equal(1);
    expect(started("server", "place")).to.equal(0);
    expect(samples.some((s) => s.labels["side"] === "server" && s.labels["method"] === "place")).to.equal(false);

    // The +Inf bucket holds every call; the 10 s bucket too (none took longer); the sleep took at least 50 ms.
    const bucket = (side: string, method: string, le: string) =>
      sampleValue(samples, "rpcgen_call_duration_seconds_bucket", { side, service: "test.Echo", method, le });
    expect(bucket("client", "echo", "+Inf")).to.equal(3);
    expect(bucket("client", "echo", "10")).to.equal(3);
    expect(bucket("client", "sleep", "0.025")).to.equal(0);
    expect(bucket("client", "sleep", "+Inf")).to.equal(1);
    expect(sampleValue(samples, "rpcgen_call_duration_seconds_sum", { side: "client", service: "test.Echo", method: "sleep" })).to.be.at.least(0.05);

    // What one side sent is what the other received (body bytes).
    const bytes = (name: string, side: string) => sampleValue(samples, name, { side, service: "test.Echo", method: "echo" });
    expect(bytes("rpcgen_sent_bytes_total", "client")).to.be.above(0);
    expect(bytes("rpcgen_sent_bytes_total", "client")).to.equal(bytes("rpcgen_received_bytes_total", "server"));
    expect(bytes("rpcgen_sent_bytes_total", "server")).to.be.above(0);
    expect(bytes("rpcgen_sent_bytes_total", "server")).to.equal(bytes("rpcgen_received_bytes_total", "client"));

    for (const side of ["client", "server"]) {
      expect(sampleValue(samples, "rpcgen_connections_opened_total", { side }), side).to.equal(1);
      expect(sampleValue(samples, "rpcgen_connections", { side }), side).to.equal(1);
    }
  });

  it("counts refusals by reason and closed connections", async () => {
    await restartWith({ limits: { maxConcurrentCallsPerConnection: 1 } });
    const first = client.unary(m.sleep!, { ms: 2_000 });
    await waitFor(() => echo.probe.sleepers.length === 1);
    const refused = await rejectionOf(client.unary(m.echo!, { text: "x" }));
    expect((refused as RpcError).code).to.equal(Code.RESOURCE_EXHAUSTED);
    await client.close({ force: true });
    await rejectionOf(first);
    await waitFor(() => echo.server.stats().connections === 0);

    const { samples } = await scrape(metrics.url);
    expect(sampleValue(samples, "rpcgen_calls_refused_total", { side: "server", reason: "concurrency-limit" })).to.equal(1);
    // Refused before the lookup: not a started call on the server; the client counts the failed call.
    expect(sampleValue(samples, "rpcgen_calls_started_total", { side: "server", service: "test.Echo", method: "echo" })).to.equal(0);
    expect(sampleValue(samples, "rpcgen_calls_handled_total", { side: "client", service: "test.Echo", method: "echo", code: "RESOURCE_EXHAUSTED" })).to.equal(1);
    // The forced close cancelled the running sleep on the server.
    expect(sampleValue(samples, "rpcgen_calls_handled_total", { side: "server", service: "test.Echo", method: "sleep", code: "CANCELLED" })).to.equal(1);
    // The first client never connected (no call): one connection each way, now closed.
    for (const side of ["client", "server"]) {
      expect(sampleValue(samples, "rpcgen_connections_opened_total", { side }), side).to.equal(1);
      expect(sampleValue(samples, "rpcgen_connections", { side }), side).to.equal(0);
    }
  });

  it("counts an admission refusal under the limiter's reason, and the refused call as handled on the server", async () => {
    await restartWith({ admission: { limiter: { kind: "token-bucket", limit: 1, windowMs: 60_000, burst: 1 } } });
    expect(await client.unary(m.echo!, { text: "first" })).to.equal("first");
    const refused = await rejectionOf(client.unary(m.echo!, { text: "second" }));
    expect((refused as RpcError).code).to.equal(Code.RESOURCE_EXHAUSTED);

    const { samples } = await scrape(metrics.url);
    for (const side of ["client", "server"]) {
      expect(sampleValue(samples, "rpcgen_calls_refused_total", { side, reason: "rate-limited" }), side).to.equal(1);
      const echoOf = (code: string) => sampleValue(samples, "rpcgen_calls_handled_total", { side, service: "test.Echo", method: "echo", code });
      expect(echoOf("OK"), side).to.equal(1);
      expect(echoOf("RESOURCE_EXHAUSTED"), side).to.equal(1);
      expect(sampleValue(samples, "rpcgen_calls_in_flight", { side, service: "test.Echo", method: "echo" }), side).to.equal(0);
    }
    // Refused before decoding, but its body did arrive: the server counts every byte the client sent.
    const sent = sampleValue(samples, "rpcgen_sent_bytes_total", { side: "client", service: "test.Echo", method: "echo" });
    expect(sent).to.be.above(0);
    expect(sampleValue(samples, "rpcgen_received_bytes_total", { side: "server", service: "test.Echo", method: "echo" })).to.equal(sent);
  });

  it("returns the same observer for the same registry and prefix, and serves 404 elsewhere", async () => {
    expect(prometheusMetrics({ registry })).to.equal(prometheusMetrics({ registry }));
    expect(prometheusMetrics({ registry, prefix: "other_" })).to.not.equal(prometheusMetrics({ registry }));
    const res = await fetch(metrics.url.replace("/metrics", "/nope"));
    expect(res.status).to.equal(404);
    expect(() => prometheusMetrics({ registry: new Registry(), buckets: [1, 0.5] })).to.throw(RpcError, /ascending/);
  });
});
