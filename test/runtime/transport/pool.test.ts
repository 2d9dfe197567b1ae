/** The connection pool against a fake connect function: reuse, single flight, backoff window, reset. */
import { expect } from "chai";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { ConnectionPool, type Poolable } from "../../../runtime/transport/pool.js";

class FakeConn implements Poolable {
  usable = true;
  closedWith: boolean | undefined;
  close(graceful: boolean): void {
    this.usable = false;
    this.closedWith = graceful;
  }
}

const ep = { host: "10.0.0.1", port: 1 };

describe("ConnectionPool", () => {
  it("opens one connection per address, shares it, and replaces it once unusable", async () => {
    let opened = 0;
    const pool = new ConnectionPool<FakeConn>(async () => {
      opened++;
      return new FakeConn();
    });
    const [a, b] = await Promise.all([pool.acquire(ep, "k"), pool.acquire(ep, "k")]);
    expect(opened).to.equal(1);
    expect(a).to.equal(b);
    expect(pool.acquire(ep, "k")).to.equal(a); // the hot path: no promise
    a.usable = false;
    const c = await pool.acquire(ep, "k");
    expect(c).not.to.equal(a);
    expect(opened).to.equal(2);
    expect(pool.size).to.equal(1);
  });

  it("fails fast (not processed) until the backoff allows the next attempt, then resets on success", async () => {
    let fail = true;
    let attempts = 0;
    const pool = new ConnectionPool<FakeConn>(
      async () => {
        attempts++;
        if (fail) throw new RpcError(Code.UNAVAILABLE, "refused", { notProcessed: true });
        return new FakeConn();
      },
      { initialMs: 60, jitter: 0 },
    );
    const first = await Promise.resolve(pool.acquire(ep, "k")).catch((e: unknown) => e);
    expect((first as RpcError).message).to.equal("refused");
    const fast = await Promise.resolve(pool.acquire(ep, "k")).catch((e: unknown) => e as RpcError);
    expect(fast).to.be.instanceOf(RpcError);
    expect((fast as RpcError).code).to.equal(Code.UNAVAILABLE);
    expect((fast as RpcError).notProcessed).to.equal(true);
    expect((fast as RpcError).message).to.match(/refused.*next connect attempt in \d+ ms/);
    expect(attempts).to.equal(1);
    await new Promise((r) => setTimeout(r, 80));
    fail = false;
    await pool.acquire(ep, "k");
    expect(attempts).to.equal(2);
  });

  it("close() closes held connections and refuses later acquires", async () => {
    const pool = new ConnectionPool<FakeConn>(async () => new FakeConn());
    const conn = await pool.acquire(ep, "k");
    pool.close(true);
    expect(conn.closedWith).to.equal(true);
    const error = await Promise.resolve(pool.acquire(ep, "k")).catch((e: unknown) => e as RpcError);
    expect((error as RpcError).code).to.equal(Code.UNAVAILABLE);
  });
});
