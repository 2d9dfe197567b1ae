/** Per-application registration: one record per process; clients derive per-service instances from it. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { SERVICES_LABEL } from "../../../runtime/registry/application.js";
import { MemoryRegistry } from "../../../runtime/registry/memory.js";
import { RedisRegistry } from "../../../runtime/registry/redis.js";
import type { Registry } from "../../../runtime/registry/registry.js";
import { createServer } from "../../../runtime/server/server.js";
import { Echo } from "../../helpers/descriptors.js";
import { echoHandler, newProbe, rejectionOf, startEcho, waitFor } from "../../helpers/echo-server.js";
import { redisForTests } from "../../helpers/redis-server.js";

async function perApplication(registry: Registry, target: string): Promise<void> {
  const servers = [
    await startEcho({ registry, registration: "application", application: "echo-app" }),
    await startEcho({ registry, registration: "application", application: "echo-app" }),
  ];
  const client = createClient({ target, registry, applications: { "test.Echo": "echo-app" } });
  try {
    // One record per process, under the application, listing its services.
    const records = await registry.list("app:echo-app");
    expect(records).to.have.length(2);
    expect(records[0]!.labels[SERVICES_LABEL]).to.equal("test.Echo");
    expect(await registry.list("test.Echo")).to.deep.equal([]);
    for (let i = 0; i < 4; i++) expect(await client.unary(Echo.methods["echo"]!, { text: "hi" })).to.equal("hi");
    expect(client.stats().connections).to.equal(2);
    // Labels set later keep the service list; a process that leaves takes its connection along.
    await servers[0]!.server.updateRegistration({ labels: { zone: "b" } });
    expect((await registry.list("app:echo-app")).find((r) => r.port === servers[0]!.port)!.labels).to.deep.equal({ zone: "b", [SERVICES_LABEL]: "test.Echo" });
    await servers[0]!.server.close();
    await waitFor(() => client.stats().poolSlots === 1, 5_000, "the closed server's slot to go");
    for (let i = 0; i < 4; i++) expect(await client.unary(Echo.methods["echo"]!, { text: "still" })).to.equal("still");
  } finally {
    await client.close();
    for (const s of servers) await s.server.close();
  }
}

describe("per-application registration", function () {
  it("works over the memory registry", async () => {
    const registry = new MemoryRegistry();
    await perApplication(registry, "registry://");
    await registry.close();
  });

  it("works over Redis", async () => {
    const redis = await redisForTests();
    const registry = new RedisRegistry(redis.url);
    try {
      await perApplication(registry, "registry://");
    } finally {
      await registry.close();
      await redis.stop();
    }
  });

  it("needs an application name, and a service mapped to an application with no such record is not found", async () => {
    expect(() => createServer({ registration: "application" })).to.throw(RpcError, /application/);
    const registry = new MemoryRegistry();
    const server = createServer({ registry, registration: "application", application: "other-app", onError: () => {} });
    server.add(Echo, echoHandler(newProbe()));
    await server.listen({ host: "127.0.0.1", port: 0 });
    const client = createClient({ target: "registry://", registry, applications: { "test.Echo": "echo-app" } });
    try {
      const error = (await rejectionOf(client.unary(Echo.methods["echo"]!, { text: "x" }))) as RpcError;
      expect(error.code).to.equal(Code.UNAVAILABLE);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
