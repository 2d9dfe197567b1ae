/** Connection loss: server restarts, backoff, a server killed with calls in flight. */
import { expect } from "chai";
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import type { RpcError } from "../../../runtime/errors.js";
import { Echo } from "../../helpers/descriptors.js";
import { rejectionOf, startEcho, waitFor } from "../../helpers/echo-server.js";

const m = Echo.methods;

describe("client: reconnect and connection loss", function () {
  it("reconnects after the server restarts on the same port", async () => {
    const first = await startEcho();
    const client = createClient({ target: first.target, reconnect: { initialMs: 50 } });
    try {
      expect(await client.unary(m["echo"]!, { text: "one" })).to.equal("one");
      await first.server.close();
      // While it is down: fail fast, marked not processed.
      const down = (await rejectionOf(client.unary(m["echo"]!, { text: "down" }))) as RpcError;
      expect(down.code).to.equal(Code.UNAVAILABLE);
      expect(down.notProcessed).to.equal(true);
      const second = await startEcho({}, first.port);
      try {
        let result: unknown;
        const giveUp = Date.now() + 10_000;
        while (result === undefined) {
          try {
            result = await client.unary(m["echo"]!, { text: "two" });
          } catch (error) {
            // Until the backoff allows the next attempt, calls fail fast.
            expect((error as RpcError).code).to.equal(Code.UNAVAILABLE);
            if (Date.now() > giveUp) throw error;
            await new Promise((r) => setTimeout(r, 20));
          }
        }
        expect(result).to.equal("two");
        expect(client.stats().connections).to.equal(1);
      } finally {
        await second.server.close();
      }
    } finally {
      await client.close();
    }
  });

  it("rejects every pending call UNAVAILABLE when the server is SIGKILLed; the call table empties", async function () {
    const script = fileURLToPath(new URL("../../helpers/child-server.js", import.meta.url));
    const child = fork(script, [], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
    let sleeping = 0;
    const port = await new Promise<number>((resolve, reject) => {
      child.on("message", (msg: { port?: number; sleeping?: number }) => {
        if (msg.port !== undefined) resolve(msg.port);
        if (msg.sleeping !== undefined) sleeping = msg.sleeping;
      });
      child.once("exit", (code) => reject(new Error(`child exited early with ${code}`)));
    });
    const client = createClient({ target: `static://127.0.0.1:${port}` });
    try {
      const calls = Array.from({ length: 20 }, () => rejectionOf(client.unary(m["sleep"]!, { ms: 60_000 }, { timeout: 60_000 })));
      await waitFor(() => sleeping === 20, 10_000, "20 calls running in the child");
      expect(client.stats().pending).to.equal(20);
      const killedAt = Date.now();
      child.kill("SIGKILL");
      const errors = (await Promise.all(calls)) as RpcError[];
      const elapsed = Date.now() - killedAt;
      for (const e of errors) expect(e.code).to.equal(Code.UNAVAILABLE);
      // Generous bound: the point is that the drop, not the 60 s deadline, ended them.
      expect(elapsed).to.be.below(5000);
      expect(client.stats().pending).to.equal(0);
    } finally {
      child.kill("SIGKILL");
      await client.close({ force: true });
    }
  });
});
