/** The built-in health service over real sockets: check, watch, user statuses, and the flip on close. */
import { Server as NetServer } from "node:net";
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import type { RpcError } from "../../../runtime/errors.js";
import { healthCheck, healthWatch } from "../../../runtime/health/health-check.js";
import { HealthStatus } from "../../../runtime/health/descriptor.js";
import { MemoryRegistry } from "../../../runtime/registry/memory.js";
import { bareMethod, bareService, serve, withCtx } from "../../helpers/net-service.js";
import { rejectionOf } from "../../helpers/echo-server.js";

const S = "test.Healthy";
const ping = bareMethod(S, "ping", { kind: "string" });
const service = bareService(S, [ping]);
const impl = { ping: withCtx(() => "pong") };

describe("server: health service", () => {
  it("answers SERVING for the server and its services, SERVICE_UNKNOWN for others, and what the user sets", async () => {
    const { server, target } = await serve(service, impl);
    const client = createClient({ target });
    try {
      expect(await healthCheck(client)).to.equal(HealthStatus.SERVING);
      expect(await healthCheck(client, S)).to.equal(HealthStatus.SERVING);
      expect(await healthCheck(client, "test.Nobody")).to.equal(HealthStatus.SERVICE_UNKNOWN);
      server.health.set(S, HealthStatus.NOT_SERVING);
      expect(await healthCheck(client, S)).to.equal(HealthStatus.NOT_SERVING);
      server.health.set("test.Extra", HealthStatus.SERVING);
      expect(await healthCheck(client, "test.Extra")).to.equal(HealthStatus.SERVING);
      expect(() => server.health.set(S, 9 as HealthStatus)).to.throw(RangeError);
    } finally {
      await client.close({ force: true });
      await server.close();
    }
  });

  it("watch answers at once without `last`, and when the status changes from `last`", async () => {
    const { server, target } = await serve(service, impl);
    const client = createClient({ target });
    try {
      expect(await healthWatch(client, S)).to.equal(HealthStatus.SERVING);
      const watching = healthWatch(client, S, HealthStatus.SERVING, { timeout: 10_000 });
      let answered = false;
      void watching.then(() => (answered = true));
      // The long poll is parked: a check goes through meanwhile and the watch has not answered.
      expect(await healthCheck(client, S)).to.equal(HealthStatus.SERVING);
      expect(answered).to.equal(false);
      server.health.set(S, HealthStatus.NOT_SERVING);
      expect(await watching).to.equal(HealthStatus.NOT_SERVING);
    } finally {
      await client.close({ force: true });
      await server.close();
    }
  });

  it("watch answers the unchanged status shortly before the deadline instead of timing out", async () => {
    const { server, target } = await serve(service, impl);
    const client = createClient({ target });
    try {
      expect(await healthWatch(client, S, HealthStatus.SERVING, { timeout: 600 })).to.equal(HealthStatus.SERVING);
    } finally {
      await client.close({ force: true });
      await server.close();
    }
  });

  it("is not served with health: false", async () => {
    const { server, target } = await serve(service, impl, { health: false });
    const client = createClient({ target });
    try {
      expect(((await rejectionOf(healthCheck(client))) as RpcError).code).to.equal(Code.UNIMPLEMENTED);
    } finally {
      await client.close({ force: true });
      await server.close();
    }
  });

  it("is not published in the registry", async () => {
    const registry = new MemoryRegistry();
    const { server } = await serve(service, impl, { registry });
    try {
      expect(server.registration().map((i) => i.service)).to.deep.equal([S]);
    } finally {
      await server.close();
    }
  });

  it("close() flips every service to NOT_SERVING, and a watcher sees it before the listener stops", async () => {
    const events: string[] = [];
    const realClose = NetServer.prototype.close;
    // Record when any listener stops (only this test's server closes while the spy is in place).
    NetServer.prototype.close = function (this: NetServer, callback?: (error?: Error) => void) {
      events.push("listener stopped");
      return realClose.call(this, callback);
    };
    const { server, target } = await serve(service, impl, { shutdownGrace: 1000 });
    server.health.set("test.Down", HealthStatus.NOT_SERVING);
    const client = createClient({ target });
    try {
      // Already NOT_SERVING: the flip changes nothing for it, yet close() must answer it rather than wait for its deadline.
      const parked = healthWatch(client, "test.Down", HealthStatus.NOT_SERVING, { timeout: 60_000 });
      const watches = [
        healthWatch(client, S, HealthStatus.SERVING, { timeout: 10_000 }).then((s) => events.push(`${S} ${s}`)),
        healthWatch(client, "", HealthStatus.SERVING, { timeout: 10_000 }).then((s) => events.push(`server ${s}`)),
      ];
      expect(await healthCheck(client, S)).to.equal(HealthStatus.SERVING); // the watches are parked by now
      const closing = server.close();
      await Promise.all(watches);
      // During the grace the server still serves: a check on the open connection sees the flip.
      expect(await healthCheck(client, S)).to.equal(HealthStatus.NOT_SERVING);
      // A watch that starts during the grace answers at once instead of parking.
      expect(await healthWatch(client, S, HealthStatus.NOT_SERVING, { timeout: 60_000 })).to.equal(HealthStatus.NOT_SERVING);
      expect(await parked).to.equal(HealthStatus.NOT_SERVING);
      await closing;
      expect(events).to.have.length(3);
      expect(events.slice(0, 2)).to.have.members([`${S} ${HealthStatus.NOT_SERVING}`, `server ${HealthStatus.NOT_SERVING}`]);
      expect(events[2]).to.equal("listener stopped");
    } finally {
      NetServer.prototype.close = realClose;
      await client.close({ force: true });
      await server.close();
    }
  });
});
