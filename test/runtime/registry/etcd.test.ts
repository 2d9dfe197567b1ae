/** The etcd registry against a real etcd: commands, layout, watch, errors. */
import { expect } from "chai";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { parseEtcdTarget } from "../../../runtime/registry/etcd-layout.js";
import { EtcdRegistry } from "../../../runtime/registry/etcd.js";
import { makeInstance } from "../../../runtime/registry/registry.js";
import { rejectionOf } from "../../helpers/echo-server.js";
import { freePort, sharedEtcd } from "../../helpers/etcd-server.js";
import { WatchProbe, within } from "../../helpers/registry-probe.js";

const TTL = 15_000;

describe("etcd registry", function () {
  this.timeout(30_000);
  let etcd: Awaited<ReturnType<typeof sharedEtcd>>;
  let reg: EtcdRegistry;
  let n = 0;
  let service: string;

  before(async () => {
    etcd = await sharedEtcd();
  });
  after(async () => {
    await etcd?.stop();
  });
  beforeEach(() => {
    reg = new EtcdRegistry(etcd.target);
    service = `test.etcd.S${process.pid}x${n++}`;
  });
  afterEach(async () => {
    await reg.close();
  });

  const inst = (port: number, extra: Partial<Parameters<typeof makeInstance>[0]> = {}) =>
    makeInstance({ service, host: "127.0.0.1", port, startTime: 1, ...extra });

  it("parses etcd:// targets, names itself by them and refuses bad ones with INVALID_ARGUMENT", () => {
    expect(parseEtcdTarget("etcd://10.0.0.1:2379, b:2379,[::1]:2379")).to.deep.equal(["10.0.0.1:2379", "b:2379", "[::1]:2379"]);
    expect(new EtcdRegistry("etcd://a:1,b:2").name).to.equal("etcd://a:1,b:2");
    for (const bad of ["a:1", "etcd://", "etcd://a", "redis://a:1"]) {
      expect(() => parseEtcdTarget(bad), bad).to.throw(RpcError).with.property("code", Code.INVALID_ARGUMENT);
    }
  });

  it("registers, lists, replaces by address and deregisters", async () => {
    await reg.register(inst(7001), TTL);
    await reg.register(inst(7002), TTL);
    await reg.register(inst(7001, { weight: 5, group: "canary", labels: { zone: "a" } }), TTL);
    const list = await reg.list(service);
    expect(list.map((i) => [i.port, i.weight, i.group, i.labels])).to.have.deep.members([
      [7001, 5, "canary", { zone: "a" }],
      [7002, 100, "", {}],
    ]);
    await reg.deregister(inst(7001));
    await reg.deregister(inst(7001)); // unknown: not an error
    expect((await reg.list(service)).map((i) => i.port)).to.deep.equal([7002]);
    expect(await reg.list(`${service}.Other`)).to.deep.equal([]);
  });

  it("stores one key per instance under <prefix>/services/<service>/, on a lease, as JSON", async () => {
    const custom = new EtcdRegistry(etcd.target, { prefix: "acme" });
    try {
      await custom.register(inst(7003, { version: "2" }), TTL);
      const { kvs } = await etcd.gateway.range(`acme/services/${service}/`);
      expect(kvs).to.have.length(1);
      expect(kvs[0]!.key).to.equal(`acme/services/${service}/127.0.0.1:7003`);
      expect(JSON.parse(kvs[0]!.value)).to.include({ port: 7003, version: "2" });
      expect(kvs[0]!.lease).to.not.equal("0");
      expect(await reg.list(service)).to.deep.equal([]); // another prefix
    } finally {
      await custom.close();
    }
  });

  it("skips foreign keys and values that are not instance records", async () => {
    await reg.register(inst(7004), TTL);
    await etcd.gateway.put(`rpcgen/services/${service}/junk`, "not json");
    await etcd.gateway.put(`rpcgen/services/${service}x/127.0.0.1:1`, JSON.stringify(inst(1)));
    expect((await reg.list(service)).map((i) => i.port)).to.deep.equal([7004]);
  });

  it("watch delivers the list after returning, then every change; a renewal wakes no one", async () => {
    await reg.register(inst(7005), TTL);
    let calledInside = false;
    let inside = true;
    const probe = new WatchProbe(reg, service);
    const stopSpy = reg.watch(service, () => (calledInside ||= inside));
    inside = false;
    await within(1000, "the first list", () => probe.latest !== undefined);
    expect(calledInside).to.equal(false);
    expect(probe.latest).to.deep.equal(["127.0.0.1:7005"]);

    await reg.register(inst(7006), TTL);
    await within(1000, "the push of 7006", () => probe.has("127.0.0.1:7006"));
    const pushes = probe.pushes;
    await reg.register(inst(7006), TTL); // a renewal: same record, same lease
    await reg.deregister(inst(7005));
    await within(1000, "the push of 7005 leaving", () => !probe.has("127.0.0.1:7005"));
    expect(probe.pushes).to.equal(pushes + 1);

    // A second watcher of the same service gets the current list too.
    const late = new WatchProbe(reg, service);
    await within(1000, "the late watcher's list", () => late.latest !== undefined);
    expect(late.latest).to.deep.equal(["127.0.0.1:7006"]);
    probe.stop();
    late.stop();
    stopSpy();
    await reg.register(inst(7007), TTL);
    await new Promise((r) => setTimeout(r, 200));
    expect(probe.latest).to.deep.equal(["127.0.0.1:7006"]);
    expect(probe.errors).to.deep.equal([]);
  });

  it("close() revokes its lease: the records go at once, and the registry refuses further use", async () => {
    const other = new EtcdRegistry(etcd.target);
    await other.register(inst(7008), TTL);
    expect(await reg.list(service)).to.have.length(1);
    await other.close();
    expect(await reg.list(service)).to.deep.equal([]);
    const err = (await rejectionOf(other.list(service))) as RpcError;
    expect(err.code).to.equal(Code.FAILED_PRECONDITION);
  });

  it("fails commands within about the command timeout with UNAVAILABLE naming the registry when etcd is not there", async () => {
    const target = `etcd://127.0.0.1:${await freePort()}`;
    const dead = new EtcdRegistry(target, { commandTimeoutMs: 500 });
    try {
      for (const op of [() => dead.register(inst(1), TTL), () => dead.list(service), () => dead.deregister(inst(1))]) {
        const start = Date.now();
        const err = (await rejectionOf(op())) as RpcError;
        expect(err).to.be.instanceOf(RpcError);
        expect(err.code).to.equal(Code.UNAVAILABLE);
        expect(err.message).to.contain(target);
        expect(Date.now() - start).to.be.below(3000); // bounded, not queued: 500 ms plus a noisy machine
      }
      const probe = new WatchProbe(dead, service);
      await within(3000, "the watch error", () => probe.errors.length > 0);
      expect(probe.errors[0]!.message).to.contain(target);
      expect(probe.latest).to.equal(undefined);
      probe.stop();
    } finally {
      await dead.close();
    }
  });
});
