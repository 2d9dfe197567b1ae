/** The hedging runner against fake attempts: who starts when, who wins, who gets cancelled. */
import { expect } from "chai";
import { hedge, type HedgeAttempt } from "../../../runtime/cluster/hedging.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { waitFor } from "../../helpers/echo-server.js";

class FakeAttempt implements HedgeAttempt {
  settled = false;
  cancelled: unknown[] = [];
  resolve!: (value: unknown) => void;
  reject!: (error: unknown) => void;
  readonly promise = new Promise<unknown>((resolve, reject) => {
    this.resolve = (v) => {
      this.settled = true;
      resolve(v);
    };
    this.reject = (e) => {
      this.settled = true;
      reject(e);
    };
  });

  fail(error: unknown, abandon: boolean): boolean {
    if (this.settled) return false;
    this.cancelled.push({ error, abandon });
    this.reject(error);
    return true;
  }
}

/** Starts a hedged call whose attempts are recorded in `attempts`. */
function run(delayMs: number, max: number): { attempts: FakeAttempt[]; result: Promise<unknown> } {
  const attempts: FakeAttempt[] = [];
  const result = hedge({ delayMs, attempts: max }, (previous) => {
    expect(previous).to.deep.equal(attempts); // each launch sees the attempts before it
    const a = new FakeAttempt();
    attempts.push(a);
    return [a, a.promise] as const;
  });
  return { attempts, result };
}

const tick = () => new Promise((r) => setImmediate(r));
const lost = () => new RpcError(Code.UNAVAILABLE, "connection lost");

describe("hedging runner", () => {
  it("the first answer wins and every other running attempt is cancelled with CANCEL (abandon)", async () => {
    const { attempts, result } = run(0, 3);
    await waitFor(() => attempts.length === 3, 5_000, "three attempts");
    attempts[1]!.resolve("second");
    expect(await result).to.equal("second");
    for (const i of [0, 2]) {
      expect(attempts[i]!.cancelled).to.have.length(1);
      const { error, abandon } = attempts[i]!.cancelled[0] as { error: RpcError; abandon: boolean };
      expect(abandon).to.equal(true);
      expect(error.code).to.equal(Code.CANCELLED);
    }
    expect(attempts[1]!.cancelled).to.deep.equal([]);
  });

  it("no second attempt before the delay; a lost attempt starts the next at once", async () => {
    const { attempts, result } = run(60_000, 2);
    await tick();
    expect(attempts).to.have.length(1);
    attempts[0]!.reject(lost());
    await tick();
    expect(attempts).to.have.length(2);
    attempts[1]!.resolve("hedge");
    expect(await result).to.equal("hedge");
  });

  it("an answering error (an IDL error, a deadline) ends the call: no further attempt", async () => {
    const { attempts, result } = run(60_000, 3);
    await tick();
    const idlError = new Error("NotFound");
    attempts[0]!.reject(idlError);
    expect(await result.catch((e: unknown) => e)).to.equal(idlError);
    await tick();
    expect(attempts).to.have.length(1);
  });

  it("every attempt lost: rejects with the last error, after the last running attempt", async () => {
    const { attempts, result } = run(0, 2);
    await waitFor(() => attempts.length === 2, 5_000, "two attempts");
    attempts[0]!.reject(lost());
    await tick();
    let settled = false;
    void result.then(() => (settled = true), () => (settled = true));
    await tick();
    expect(settled).to.equal(false); // the second is still running
    const last = lost();
    attempts[1]!.reject(last);
    expect(await result.catch((e: unknown) => e)).to.equal(last);
  });
});
