/**
 * The real `rpcgen call` binary (node dist/bin/rpcgen.js call ...) over real
 * sockets, against a shop OrderService: static, Redis and etcd targets, a
 * typed IDL error, a validation error, --list, a oneway call and stdin.
 */
import { spawn } from "node:child_process";
import { expect } from "chai";
import { startShop, shopDir, type ShopFixture } from "../bin/call/call-fixture.js";
import { sharedEtcd } from "../helpers/etcd-server.js";
import { cliPath, repoRoot } from "../helpers/generate.js";
import { redisForTests } from "../helpers/redis-server.js";

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `rpcgen call ...args`, writing `stdin` to it; bounded by the mocha timeout and killed on it. */
function rpcgenCall(args: string[], stdin = ""): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, "call", ...args], { cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const kill = setTimeout(() => child.kill("SIGKILL"), 25_000);
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(kill);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

describe("e2e: rpcgen call (the real CLI)", function () {
  this.timeout(60_000);

  describe("static target", () => {
    let shop: ShopFixture;
    before(async () => {
      shop = await startShop();
    });
    after(async () => {
      await shop.close();
    });

    it("a success: the result as JSON on stdout, exit 0", async () => {
      const r = await rpcgenCall(["--idl", shopDir, "--target", shop.target, "shop.orders.OrderService/get", '{"id":"42"}']);
      expect(r.stderr).to.equal("");
      expect(r.code).to.equal(0);
      const order = JSON.parse(r.stdout) as Record<string, unknown>;
      expect([order["id"], order["status"], order["version"], order["createdAt"]]).to.deep.equal(["42", "PAID", "9007199254740993", "2026-01-02T03:04:05.678Z"]);
    });

    it("a typed IDL error: exit 1, the error's name and fields", async () => {
      const r = await rpcgenCall(["--idl", shopDir, "--target", shop.target, "--compact", "shop.orders.OrderService/get", '{"id":"missing"}']);
      expect(r.code).to.equal(1);
      expect(r.stdout).to.equal("");
      expect(r.stderr).to.equal('rpcgen call: shop.orders.OrderNotFound {"id":"missing"}\n');
    });

    it("a validation error: exit 2, the message names the field path, the handler never runs", async () => {
      const calls = shop.seen.get("place")?.length ?? 0;
      const bad = '{"items":[{"sku":"","unitPrice":{"units":"1"}}],"method":{"cardToken":"t"}}';
      const r = await rpcgenCall(["--idl", shopDir, "--target", shop.target, "shop.orders.OrderService/place", bad]);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.equal("rpcgen call: INVALID_ARGUMENT: place: items[0].sku: must have at least 1 character, got 0 (nothing was sent)\n");
      expect(shop.seen.get("place")?.length ?? 0).to.equal(calls);
    });

    it("--list: services and signatures", async () => {
      const r = await rpcgenCall(["--idl", shopDir, "--list"]);
      expect(r.code).to.equal(0);
      expect(r.stdout).to.contain("  oneway shop.inventory.InventoryService/release(reservationId: string)\n");
    });

    it("a oneway call, arguments from stdin (-d @-)", async () => {
      const r = await rpcgenCall(["--idl", shopDir, "--target", shop.target, "-d", "@-", "shop.orders.OrderService/track"], '{"event":"e2e","props":{"k":"v"}}');
      expect(r.code).to.equal(0);
      expect(r.stdout).to.equal("");
      const seen = await shop.tracked;
      expect(seen.request["event"]).to.equal("e2e");
    });
  });

  for (const [name, start] of [
    ["redis", async () => {
      const redis = await redisForTests();
      return { target: redis.url, stop: redis.stop };
    }],
    ["etcd", async () => {
      const etcd = await sharedEtcd();
      return { target: etcd.target, stop: etcd.stop };
    }],
  ] as const) {
    it(`a ${name}:// registry target finds the registered server`, async () => {
      const registry = await start();
      const shop = await startShop(registry.target);
      try {
        const r = await rpcgenCall(["--idl", shopDir, "--target", registry.target, "--compact", "shop.orders.OrderService/get", '{"id":"via-registry"}']);
        expect(r.stderr).to.equal("");
        expect(r.code).to.equal(0);
        expect((JSON.parse(r.stdout) as { id: string }).id).to.equal("via-registry");
      } finally {
        await shop.close();
        await registry.stop();
      }
    });
  }
});
