/**
 * A record lives TTL after the last register call: a registrant that stops renewing (alive or SIGKILLed) leaves
 * every etcd view when its lease ends.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { EtcdRegistry } from "../../../runtime/registry/etcd.js";
import { makeInstance } from "../../../runtime/registry/registry.js";
import { sharedEtcd } from "../../helpers/etcd-server.js";
import { WatchProbe, within } from "../../helpers/registry-probe.js";

const REGISTRANT = fileURLToPath(new URL("../../helpers/etcd-registrant.js", import.meta.url));
const TTL_MS = 2000; // etcd's smallest lease with its default election timeout

describe("etcd registry: expiry", function () {
  this.timeout(30_000);

  it("drops a live registrant that stopped renewing from the watched view and from list() within TTL + 2 s", async () => {
    const etcd = await sharedEtcd();
    const server = new EtcdRegistry(etcd.target);
    const client = new EtcdRegistry(etcd.target);
    const service = `test.etcd.Stopped${process.pid}`;
    const instance = makeInstance({ service, host: "127.0.0.1", port: 7102 });
    const probe = new WatchProbe(client, service);
    try {
      // Renew every third of the TTL for longer than the TTL, the way the registrar does.
      const start = Date.now();
      while (Date.now() - start < TTL_MS + 500) {
        await server.register(instance, TTL_MS);
        await new Promise((r) => setTimeout(r, TTL_MS / 3));
      }
      await server.register(instance, TTL_MS);
      const lastRenewal = Date.now();
      await within(1000, "the registrant in the view", () => probe.has("127.0.0.1:7102"));
      await within(TTL_MS + 2000, "the registrant that stopped renewing to leave the view", () => !probe.has("127.0.0.1:7102"));
      const gone = Date.now() - lastRenewal;
      expect(await client.list(service)).to.deep.equal([]);
      console.log(`      expiry: left the view ${gone} ms after its last renewal (TTL ${TTL_MS} ms)`);
    } finally {
      probe.stop();
      await server.close();
      await client.close();
      await etcd.stop();
    }
  });

  it("drops a SIGKILLed registrant from the watched view and from list() within TTL + 2 s", async () => {
    const etcd = await sharedEtcd();
    const reg = new EtcdRegistry(etcd.target);
    const service = `test.etcd.Expiry${process.pid}`;
    const child = fork(REGISTRANT, [etcd.target, service, "7101", String(TTL_MS)], { stdio: "ignore" });
    try {
      await new Promise<void>((resolve, reject) => {
        child.once("message", () => resolve());
        child.once("exit", (code) => reject(new Error(`registrant exited (${code}) before registering`)));
      });
      const probe = new WatchProbe(reg, service);
      await within(1000, "the registrant in the view", () => probe.has("127.0.0.1:7101"));
      // Live past its TTL: its register calls renew the lease.
      await new Promise((r) => setTimeout(r, TTL_MS + 500));
      expect(probe.latest).to.deep.equal(["127.0.0.1:7101"]);

      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
      const gone = await within(TTL_MS + 2000, "the killed registrant to leave the view", () => !probe.has("127.0.0.1:7101"));
      expect(await reg.list(service)).to.deep.equal([]);
      console.log(`      expiry: left the view ${gone} ms after SIGKILL (TTL ${TTL_MS} ms)`);
      probe.stop();
    } finally {
      child.kill("SIGKILL");
      await reg.close();
      await etcd.stop();
    }
  });
});
