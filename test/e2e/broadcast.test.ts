/**
 * Broadcast and multicast through the generated client: an IDL compiled by
 * the real CLI (node dist/bin/rpcgen.js), three real servers on 127.0.0.1 in one registry, and
 * `client.broadcast.reload()` resolving one typed result per instance.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- generated modules are loaded at run time */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { expect } from "chai";
import { Code, createClient, createServer, labelsRouter, MemoryRegistry, RpcError, type InstanceResult, type RpcClient, type Server } from "../../runtime/index.js";
import { cliPath, repoRoot, run, transpiled, type Generated } from "../helpers/generate.js";

const IDL = `package e2e.fleet;

/** The instance cannot reload now. */
error ReloadRefused {
  1: string why;
}

service Config {
  /** Reload one section (all when absent); answers how many entries were read. */
  int32 reload(1: optional string section) throws (ReloadRefused);
  @idempotent string name();
  oneway void poke();
}
`;

describe("e2e: broadcast and multicast (generated client, three real servers)", function () {
  this.timeout(60_000);
  let gen: Generated;
  let fleet: Record<string, any>;
  const idlDir = path.join(repoRoot, ".out", `idl-${randomBytes(6).toString("hex")}`);
  const registry = new MemoryRegistry();
  const servers: Server[] = [];
  const ports: number[] = [];
  const reloads = [0, 0, 0];
  let client: RpcClient;

  before(async () => {
    fs.mkdirSync(idlDir, { recursive: true });
    fs.writeFileSync(path.join(idlDir, "fleet.idl"), IDL);
    const cli = await run(process.execPath, [cliPath, "-o", path.join(idlDir, "gen"), path.join(idlDir, "fleet.idl")]);
    expect(cli.code, cli.stderr).to.equal(0);
    gen = transpiled(path.join(idlDir, "gen"));
    fleet = await gen.load("fleet.ts");
    for (let i = 0; i < 3; i++) {
      const server = createServer({ registry, onError: () => {}, advertise: { labels: { zone: i === 0 ? "a" : "b" } } });
      server.add(fleet["Config"], {
        reload: ({ section }: { section?: string }) => {
          reloads[i]!++;
          if (i === 2) throw new fleet["ReloadRefused"]({ why: `instance ${i} is draining` });
          return (section ?? "all").length + i;
        },
        name: () => `config-${i}`,
        poke: () => {},
      });
      ports.push((await server.listen({ host: "127.0.0.1", port: 0 })).port);
      servers.push(server);
    }
    client = createClient({ target: "registry://", registry });
  });

  after(async () => {
    await client?.close();
    for (const s of servers) await s.close();
    await gen?.remove();
    fs.rmSync(idlDir, { recursive: true, force: true });
  });

  const portOf = (i: number) => ports[i]!;

  it("client.broadcast.reload() calls every instance once: three typed results, the throwing one as its IDL error", async () => {
    const configs = new fleet["ConfigClient"](client);
    const results = (await configs.broadcast.reload({ section: "db" })) as InstanceResult<number>[];
    expect(results).to.have.length(3);
    expect(reloads).to.deep.equal([1, 1, 1]);
    const byPort = new Map(results.map((r) => [r.instance.port, r]));
    expect(byPort.get(portOf(0))!.value).to.equal(2);
    expect(byPort.get(portOf(1))!.value).to.equal(3);
    const refused = byPort.get(portOf(2))!;
    expect(refused.value).to.equal(undefined);
    expect(refused.error).to.be.instanceOf(fleet["ReloadRefused"]);
    expect((refused.error as { why: string }).why).to.equal("instance 2 is draining");
    // The request may be left out when every parameter is optional.
    const all = (await configs.broadcast.reload()) as InstanceResult<number>[];
    expect(all.filter((r) => r.value !== undefined).map((r) => r.value).sort()).to.deep.equal([3, 4]);
    expect(reloads).to.deep.equal([2, 2, 2]);
  });

  it("multicast: options.routers narrows this call to a routed subset; an emptied subset names the router", async () => {
    const configs = new fleet["ConfigClient"](client);
    const names = (await configs.broadcast.name(undefined, { routers: [labelsRouter({ zone: "b" })] })) as InstanceResult<string>[];
    expect(names.map((r) => r.value).sort()).to.deep.equal(["config-1", "config-2"]);
    const nobody = await configs.broadcast.name(undefined, { routers: [labelsRouter({ zone: "c" })] }).catch((e: unknown) => e);
    expect(nobody).to.be.instanceOf(RpcError);
    expect((nobody as RpcError).code).to.equal(Code.UNAVAILABLE);
    expect((nobody as RpcError).details["router"]).to.equal("labels{zone=c}");
    // The client's ordinary calls are untouched by a call's multicast routers.
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) seen.add(await configs.name());
    expect([...seen].sort()).to.deep.equal(["config-0", "config-1", "config-2"]);
  });

  it("oneway methods have no broadcast; a channel without broadcast() rejects UNIMPLEMENTED saying what to do", async () => {
    const configs = new fleet["ConfigClient"](client);
    expect(configs.broadcast.poke).to.equal(undefined);
    const plain = new fleet["ConfigClient"]({ unary: client.unary.bind(client), oneway: client.oneway.bind(client), close: () => Promise.resolve() });
    const error = (await plain.broadcast.name().catch((e: unknown) => e)) as RpcError;
    expect(error.code).to.equal(Code.UNIMPLEMENTED);
    expect(error.message).to.contain("wrap the channel from createClient()");
  });
});
