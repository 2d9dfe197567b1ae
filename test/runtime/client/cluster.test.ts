/** Cluster strategies over real sockets: failover only where retrying is safe, broadcast to every routed instance. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import type { MethodDescriptor } from "../../../runtime/schema/types.js";
import { createServer, type Server } from "../../../runtime/server/server.js";
import { bareMethod, bareService } from "../../helpers/net-service.js";

const S = "test.Flaky";
const str = { kind: "string" } as const;
const write: MethodDescriptor = bareMethod(S, "write", str);
const read: MethodDescriptor = { ...bareMethod(S, "read", str), idempotent: true };

describe("cluster strategies", function () {
  const servers: Server[] = [];
  const ports: number[] = [];
  const handled = [0, 0, 0];
  before(async () => {
    for (let i = 0; i < 3; i++) {
      const server = createServer({ onError: () => {} });
      // Instance 0 fails every call after running its handler (processed: retrying it is a policy decision).
      const answer = () => {
        handled[i]!++;
        if (i === 0) throw new RpcError(Code.UNAVAILABLE, "backend of instance 0 is down");
        return `instance ${i}`;
      };
      server.add(bareService(S, [write, read]), { write: answer, read: answer });
      servers.push(server);
      ports.push((await server.listen({ host: "127.0.0.1", port: 0 })).port);
    }
  });
  after(async () => {
    for (const s of servers) await s.close();
  });
  const target = () => `static://${ports.map((p) => `127.0.0.1:${p}`).join(",")}`;

  it("failover retries an @idempotent method elsewhere after a processed UNAVAILABLE, never a non-idempotent one", async () => {
    const client = createClient({ target: target(), cluster: "failover" });
    try {
      for (let i = 0; i < 30; i++) expect(await client.unary(read, {})).to.not.equal("instance 0");
      let failed = 0;
      for (let i = 0; i < 30; i++) {
        await client.unary(write, {}).catch((e: RpcError) => {
          expect(e.code).to.equal(Code.UNAVAILABLE);
          failed++;
        });
      }
      expect(failed).to.be.within(5, 15); // round robin sends a third to instance 0, and no retry follows
    } finally {
      await client.close();
    }
  });

  it("failfast (the default) passes the processed error on; a per-call or per-method failover overrides it", async () => {
    const client = createClient({ target: target(), methods: { [`${S}/read`]: { cluster: "failover" } } });
    try {
      let failed = 0;
      for (let i = 0; i < 30; i++) await client.unary(read, {}, { cluster: "failfast" }).catch(() => failed++);
      expect(failed).to.be.within(5, 15);
      for (let i = 0; i < 30; i++) await client.unary(read, {});
    } finally {
      await client.close();
    }
  });

  it("broadcast returns one result per instance, the failing one as an error", async () => {
    const client = createClient({ target: target() });
    try {
      const before = [...handled];
      const results = await client.broadcast(write, {});
      expect(results.map((r) => r.instance.port)).to.deep.equal(ports);
      expect((results[0]!.error as RpcError).code).to.equal(Code.UNAVAILABLE);
      expect(results.slice(1).map((r) => r.value)).to.deep.equal(["instance 1", "instance 2"]);
      expect(handled.map((n, i) => n - before[i]!)).to.deep.equal([1, 1, 1]);
    } finally {
      await client.close();
    }
  });
});
