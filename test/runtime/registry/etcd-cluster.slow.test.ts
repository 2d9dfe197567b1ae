/** A three-member etcd cluster loses its leader (SIGKILL): leases, registrations and watches carry on. */
import { expect } from "chai";
import { EtcdRegistry } from "../../../runtime/registry/etcd.js";
import { makeInstance } from "../../../runtime/registry/registry.js";
import { startEtcd, type EtcdCluster } from "../../helpers/etcd-server.js";
import { RenewLoop, WatchProbe, within } from "../../helpers/registry-probe.js";

describe("etcd registry: three-member cluster", function () {
  this.timeout(60_000);
  let etcd: EtcdCluster | undefined;
  const registries: EtcdRegistry[] = [];
  const loops: RenewLoop[] = [];
  const probes: WatchProbe[] = [];

  afterEach(async () => {
    for (const l of loops) l.stop();
    for (const p of probes) p.stop();
    for (const r of registries) await r.close();
    await etcd?.stop();
  });

  it("keeps leases, registrations and watches going when the leader is SIGKILLed (the client lists every member)", async () => {
    etcd = await startEtcd(3);
    const service = `test.etcd.Cluster${process.pid}`;
    const at = (port: number) => makeInstance({ service, host: "127.0.0.1", port });
    const ttlMs = 2000;
    // Three servers and three watching clients, each with its own connections spread over the members.
    for (let i = 0; i < 3; i++) {
      const server = new EtcdRegistry(etcd.target);
      const client = new EtcdRegistry(etcd.target);
      registries.push(server, client);
      loops.push(new RenewLoop(server, at(7501 + i), ttlMs, 700, 200));
      probes.push(new WatchProbe(client, service));
    }
    const whole = (keys: string[]) => () => probes.every((p) => p.latest?.join() === keys.join());
    const first = ["127.0.0.1:7501", "127.0.0.1:7502", "127.0.0.1:7503"];
    await within(5000, "every instance in every view", whole(first));

    const leader = await etcd.leader();
    await etcd.kill(leader);
    const killedAt = Date.now();

    // Meanwhile a new instance starts registering (and renewing, as a record lives only TTL after the last call).
    const registrar = registries[0]!;
    const joining = new RenewLoop(registrar, at(7504), ttlMs, 700, 200);
    loops.push(joining);
    const registered = within(10_000, "a registration after the kill", () => joining.ok > 0);
    // Through the next 3 TTLs no view may lose an instance: the leases live on through the new leader.
    let gaps = 0;
    while (Date.now() - killedAt < 3 * ttlMs) {
      if (!probes.every((p) => first.every((k) => p.has(k)))) gaps++;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(gaps, "samples where a view missed an instance").to.equal(0);
    const firstOkMs = await registered;
    // New registrations and removals reach every watcher.
    loops[0]!.stop();
    await registrar.deregister(at(7501));
    const seenMs = await within(5000, "every view to follow", whole(["127.0.0.1:7502", "127.0.0.1:7503", "127.0.0.1:7504"]));
    expect(await registries[1]!.list(service)).to.have.length(3);
    const renewFailures = loops.reduce((n, l) => n + l.failed, 0);
    console.log(
      `      leader kill: no view gap over ${3 * ttlMs} ms; renewals failed ${renewFailures}; ` +
        `a new registration succeeded ${firstOkMs} ms after the kill; views followed a removal in ${seenMs} ms`,
    );
  });
});
