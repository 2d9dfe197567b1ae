/** The client's health probe over real sockets: an instance that says NOT_SERVING gets no calls while another serves. */
import { expect } from "chai";
import { createClient, type RpcClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { HealthStatus } from "../../../runtime/health/descriptor.js";
import type { Server } from "../../../runtime/server/server.js";
import { bareMethod, bareService, serve } from "../../helpers/net-service.js";

const S = "test.Probed";
const who = bareMethod(S, "who", { kind: "string" });

/** Wait (bounded) until the client's probe reports `n` unhealthy (instance, service) pairs. */
async function untilUnhealthy(client: RpcClient, n: number): Promise<void> {
  for (let i = 0; i < 200 && client.stats().unhealthy !== n; i++) await new Promise((r) => setTimeout(r, 10));
  expect(client.stats().unhealthy).to.equal(n);
}

/** Which server answered each of `count` calls, by name. */
async function answers(client: RpcClient, count: number): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const name = (await client.unary(who, {})) as string;
    seen[name] = (seen[name] ?? 0) + 1;
  }
  return seen;
}

describe("client: health probe", function () {
  this.timeout(20_000);
  let a: Server;
  let b: Server;
  let target: string;

  beforeEach(async () => {
    const sa = await serve(bareService(S, [who]), { who: () => "a" });
    const sb = await serve(bareService(S, [who]), { who: () => "b" });
    a = sa.server;
    b = sb.server;
    target = `static://127.0.0.1:${sa.port},127.0.0.1:${sb.port}`;
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it("skips an instance that says NOT_SERVING for the service, and uses it again once it serves", async () => {
    const client = createClient({ target, healthProbe: { intervalMs: 20 } });
    try {
      // Both answer before anything is reported.
      expect(Object.keys(await answers(client, 10)).sort()).to.deep.equal(["a", "b"]);
      b.health.set(S, HealthStatus.NOT_SERVING);
      await untilUnhealthy(client, 1);
      expect(await answers(client, 20)).to.deep.equal({ a: 20 });
      b.health.set(S, HealthStatus.SERVING);
      await untilUnhealthy(client, 0);
      expect(Object.keys(await answers(client, 10)).sort()).to.deep.equal(["a", "b"]);
    } finally {
      await client.close();
    }
  });

  it("still calls a not-serving instance when it is the only one left (as with backoff)", async () => {
    const client = createClient({ target, healthProbe: { intervalMs: 20 } });
    try {
      await answers(client, 4);
      a.health.set(S, HealthStatus.NOT_SERVING);
      b.health.set(S, HealthStatus.NOT_SERVING);
      await untilUnhealthy(client, 2);
      const seen = await answers(client, 10);
      expect((seen["a"] ?? 0) + (seen["b"] ?? 0)).to.equal(10);
    } finally {
      await client.close();
    }
  });

  it("without a probe, a NOT_SERVING status changes nothing (the control)", async () => {
    const client = createClient({ target });
    try {
      await answers(client, 4);
      b.health.set(S, HealthStatus.NOT_SERVING);
      await new Promise((r) => setTimeout(r, 100));
      expect(client.stats().unhealthy).to.equal(0);
      expect(Object.keys(await answers(client, 10)).sort()).to.deep.equal(["a", "b"]);
    } finally {
      await client.close();
    }
  });

  it("counts a server without the health service as serving", async () => {
    const plain = await serve(bareService(S, [who]), { who: () => "plain" }, { health: false });
    const client = createClient({ target: plain.target, healthProbe: { intervalMs: 20 } });
    try {
      expect(await answers(client, 2)).to.deep.equal({ plain: 2 });
      await new Promise((r) => setTimeout(r, 100));
      expect(client.stats().unhealthy).to.equal(0);
    } finally {
      await client.close();
      await plain.server.close();
    }
  });

  it("rejects a bad interval with a clear error", () => {
    expect(() => createClient({ target, healthProbe: { intervalMs: 0 } }))
      .to.throw(RpcError, /healthProbe\.intervalMs must be a number >= 10/)
      .with.property("code", Code.INVALID_ARGUMENT);
  });
});
