/** The Redis registry passes the shared conformance suite against a real redis-server (or REDIS_URL). */
import { expect } from "chai";
import { RedisRegistry, parseTarget } from "../../../runtime/registry/redis.js";
import { redisForTests } from "../../helpers/redis-server.js";
import { registryConformance } from "./conformance.js";

describe("redis registry", function () {
  let redis: { url: string; stop: () => Promise<void> };
  before(async () => {
    redis = await redisForTests();
  });
  after(async () => {
    await redis.stop();
  });

  registryConformance("redis", async () => new RedisRegistry(redis.url, { resyncIntervalMs: 2_000 }));

  it("parses targets and keeps credentials out of the name", () => {
    expect(parseTarget("redis://u:p%40ss@10.0.0.5:6380/2")).to.deep.include({ name: "redis://10.0.0.5:6380/2", host: "10.0.0.5", port: 6380, db: 2, username: "u", password: "p@ss", tls: false });
    expect(parseTarget("rediss://[::1]")).to.deep.include({ name: "rediss://[::1]:6379/0", host: "::1", tls: true });
    expect(() => parseTarget("redis://h:1/x")).to.throw(/bad Redis registry target/);
    let message = "";
    try {
      parseTarget("redis://u:secret@h:1/x");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).to.contain("***@").and.not.contain("secret");
  });
});
