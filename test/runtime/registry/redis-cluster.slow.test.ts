/**
 * The Redis registry on a real Redis Cluster (three masters on loopback ports,
 * joined with `redis-cli --cluster create`): the cluster options pass through
 * to ioredis, one service's keys share a slot, and the conformance suite passes.
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { RedisRegistry } from "../../../runtime/registry/redis.js";
import { RedisProcess, requireBinary } from "../../helpers/redis-server.js";
import { registryConformance } from "./conformance.js";

const run = promisify(execFile);

describe("redis registry on Redis Cluster", function () {
  this.timeout(60_000);
  const nodes: RedisProcess[] = [];

  before(async () => {
    requireBinary("redis-cli", "redis-tools");
    for (let i = 0; i < 3; i++) {
      const dir = mkdtempSync(join(tmpdir(), "rpcgen-cluster-"));
      nodes.push(await RedisProcess.start(["--cluster-enabled", "yes", "--dir", dir, "--cluster-node-timeout", "2000"]));
    }
    await run("redis-cli", ["--cluster", "create", ...nodes.map((n) => `127.0.0.1:${n.port}`), "--cluster-replicas", "0", "--cluster-yes"]);
    for (let i = 0; i < 100; i++) {
      const info = await run("redis-cli", ["-p", String(nodes[0]!.port), "cluster", "info"]);
      if (/cluster_state:ok/.test(info.stdout)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the Redis cluster did not reach cluster_state:ok");
  });

  after(async () => {
    for (const n of nodes) await n.kill();
  });

  registryConformance("redis cluster", async () =>
    new RedisRegistry("redis://unused:1", { cluster: { nodes: nodes.map((n) => ({ host: "127.0.0.1", port: n.port })) }, resyncIntervalMs: 2_000 }),
  );
});
