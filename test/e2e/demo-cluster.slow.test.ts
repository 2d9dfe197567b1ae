/**
 * `npm run demo:cluster` must keep working: compile its IDL with the real CLI,
 * type-check it, run it (redis-server, three server processes, a client) and
 * see the calls spread, the SIGKILLed server leave the view, and a clean exit.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { requireBinary } from "../helpers/redis-server.js";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../../", import.meta.url));

describe("npm run demo:cluster", function () {
  this.timeout(120_000);

  it("spreads calls over three registered servers, shows a SIGKILLed one leave the view, and exits cleanly", async () => {
    requireBinary("redis-server", "redis-server");
    await run(process.execPath, ["dist/bin/rpcgen.js", "-o", "idl-examples/cluster/generated", "idl-examples/cluster/hello.idl"], { cwd: repo });
    await run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "idl-examples/cluster"], { cwd: repo });
    const { stdout } = await run(process.execPath, [".out/cluster/run.js"], { cwd: repo, timeout: 60_000 });
    // Spread, not an exact split: a view refresh may restart the balancer's rotation at a random instance.
    const first = /30 calls through the client: server-1 (\d+), server-2 (\d+), server-3 (\d+)/.exec(stdout);
    expect(first, stdout).to.not.equal(null);
    const counts = first!.slice(1).map(Number);
    expect(counts.reduce((a, b) => a + b, 0)).to.equal(30);
    for (const n of counts) expect(n).to.be.at.least(5);
    expect(stdout).to.match(/server-2 left the view \d+\.\d s after the kill/);
    const after = /30 more calls: server-1 (\d+), server-3 (\d+)\n/.exec(stdout);
    expect(after, stdout).to.not.equal(null);
    expect(Number(after![1]) + Number(after![2])).to.equal(30);
    expect(Math.min(Number(after![1]), Number(after![2]))).to.be.at.least(5);
    expect(stdout).to.match(/\] done\n$/);
  });
});
