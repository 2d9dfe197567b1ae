/** Oneway calls to a SIGSTOPped server: keepalive notices, and what never left is not reported written. */
import { expect } from "chai";
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { Echo } from "../../helpers/descriptors.js";
import { waitFor } from "../../helpers/echo-server.js";

const m = Echo.methods;

describe("client: oneway calls to a frozen server", function () {
  it("rejects the oneways whose bytes never left UNAVAILABLE once keepalive gives up; every resolved one arrived", async function () {
    const script = fileURLToPath(new URL("../../helpers/child-server.js", import.meta.url));
    const child = fork(script, [], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
    let tracked = -1;
    const port = await new Promise<number>((resolve, reject) => {
      child.on("message", (msg: { port?: number; tracked?: number }) => {
        if (msg.port !== undefined) resolve(msg.port);
        if (msg.tracked !== undefined) tracked = msg.tracked;
      });
      child.once("exit", (code) => reject(new Error(`child exited early with ${code}`)));
    });
    // Only oneway calls are in flight below: keepalive must run for their pending writes.
    const client = createClient({ target: `static://127.0.0.1:${port}`, keepalive: { intervalMs: 200, timeoutMs: 400 } });
    try {
      expect(await client.unary(m["echo"]!, { text: "up" })).to.equal("up");
      child.kill("SIGSTOP");
      // 400 x 64 KiB: far more than the socket buffers of both kernels hold.
      const body = "x".repeat(64 * 1024);
      let settled = 0;
      const outcomes = Array.from({ length: 400 }, () =>
        client.oneway(m["track"]!, { event: body }).then(
          () => "written",
          (e: unknown) => e,
        ).finally(() => settled++),
      );
      await waitFor(() => settled === 400, 10_000, "every oneway call to settle");
      const results = await Promise.all(outcomes);
      const written = results.filter((r) => r === "written").length;
      const failed = results.filter((r) => r !== "written") as RpcError[];
      expect(failed.length).to.be.greaterThan(0);
      for (const e of failed) {
        expect(e).to.be.instanceOf(RpcError);
        expect(e.code).to.equal(Code.UNAVAILABLE);
      }
      child.kill("SIGCONT");
      // Once running again the server reads what reached it: every call reported written must arrive.
      await waitFor(() => tracked >= written, 10_000, `the ${written} oneway calls reported written to arrive (got ${tracked})`);
    } finally {
      child.kill("SIGCONT");
      child.kill("SIGKILL");
      await client.close({ force: true });
    }
  });
});
