/** The call path chooses: view -> routers -> balancer -> connection, and refused attempts go elsewhere. */
import { expect } from "chai";
import { createServer as createNetServer } from "node:net";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import type { Middleware } from "../../../runtime/middleware/types.js";
import { MemoryRegistry } from "../../../runtime/registry/memory.js";
import { makeInstance } from "../../../runtime/registry/registry.js";
import { labelsRouter } from "../../../runtime/router/labels.js";
import { Echo } from "../../helpers/descriptors.js";
import { rejectionOf, startEcho, type Started } from "../../helpers/echo-server.js";

/** A port nothing listens on: bound, then closed, so connects are refused. */
async function deadPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Client middleware that notes the port of the instance each call went to. */
function recordInstances(seen: number[]): Middleware {
  return (next) => async (call) => {
    const result = await next(call);
    seen.push(call.instance!.port);
    return result;
  };
}

const echo = Echo.methods["echo"]!;
const remaining = Echo.methods["remaining"]!;

describe("instance selection on the call path", function () {
  const servers: Started[] = [];
  const registry = new MemoryRegistry();
  before(async () => {
    for (let i = 0; i < 3; i++) {
      const s = await startEcho();
      servers.push(s);
      const env = i === 0 ? "prod" : "test";
      await registry.register(makeInstance({ service: Echo.name, host: "127.0.0.1", port: s.port, labels: { env } }), 60_000);
    }
  });
  after(async () => {
    for (const s of servers) await s.server.close();
  });

  it("with one dead and two live static addresses, 1,000 calls of a non-idempotent method all succeed", async () => {
    expect(echo.idempotent).to.equal(false);
    const dead = await deadPort();
    const target = `static://127.0.0.1:${dead},127.0.0.1:${servers[1]!.port},127.0.0.1:${servers[2]!.port}`;
    const client = createClient({ target });
    try {
      let failed = 0;
      for (let round = 0; round < 10; round++) {
        const calls = [];
        for (let i = 0; i < 100; i++) calls.push(client.unary(echo, { text: "x" }).catch(() => failed++));
        await Promise.all(calls);
      }
      expect(failed).to.equal(0);
      expect(client.stats().connections).to.equal(2);
    } finally {
      await client.close();
    }
  });

  it("routes with the client's routers and balancer, and shows client middleware the chosen instance", async () => {
    const seen: number[] = [];
    const record = recordInstances(seen);
    const client = createClient({
      target: "registry://",
      registry,
      balancer: "p2c-ewma",
      routers: [labelsRouter({ env: "test" })],
      middleware: [record],
    });
    try {
      for (let i = 0; i < 30; i++) await client.unary(remaining, {});
      const testPorts = [servers[1]!.port, servers[2]!.port];
      expect(seen).to.have.length(30);
      expect(seen.every((p) => testPorts.includes(p))).to.equal(true);
    } finally {
      await client.close();
    }
  });

  it("a per-method override wins over the client's selection; a per-call pin picks one address", async () => {
    const seen: number[] = [];
    const record = recordInstances(seen);
    const client = createClient({
      target: "registry://",
      registry,
      routers: [labelsRouter({ env: "test" })],
      methods: { [`${Echo.name}/remaining`]: { routers: [labelsRouter({ env: "prod" })] } },
      middleware: [record],
    });
    try {
      for (let i = 0; i < 6; i++) await client.unary(remaining, {});
      expect(new Set(seen)).to.deep.equal(new Set([servers[0]!.port]));
      seen.length = 0;
      for (let i = 0; i < 6; i++) await client.unary(echo, { text: "x" }, { pin: `127.0.0.1:${servers[2]!.port}` });
      expect(new Set(seen)).to.deep.equal(new Set([servers[2]!.port]));
      // The pin applies after the routers: a prod address is not among the test instances.
      const error = (await rejectionOf(client.unary(echo, { text: "x" }, { pin: `127.0.0.1:${servers[0]!.port}` }))) as RpcError;
      expect(error.code).to.equal(Code.UNAVAILABLE);
      expect(error.message).to.match(/pinned address/);
    } finally {
      await client.close();
    }
  });

  it("fails UNAVAILABLE, not processed, naming the router that left no instance", async () => {
    const client = createClient({ target: "registry://", registry, routers: [labelsRouter({ env: "staging" })] });
    try {
      const error = (await rejectionOf(client.unary(echo, { text: "x" }))) as RpcError;
      expect(error.code).to.equal(Code.UNAVAILABLE);
      expect(error.notProcessed).to.equal(true);
      expect(error.details["router"]).to.equal("labels{env=staging}");
    } finally {
      await client.close();
    }
  });

  it("refuses an unknown balancer name when the client is created", () => {
    expect(() => createClient({ target: "static://127.0.0.1:1", balancer: "nope" })).to.throw(RpcError, /unknown balancer 'nope'/);
    expect(() => createClient({ target: "static://127.0.0.1:1", methods: { "a.B/c": { balancer: "nope" } } })).to.throw(RpcError);
  });
});
