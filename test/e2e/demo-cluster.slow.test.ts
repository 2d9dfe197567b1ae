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
    expect(stdout).to.match(/30 calls through the client: server-1 10, server-2 10, server-3 10/);
    expect(stdout).to.match(/server-2 left the view \d+\.\d s after the kill/);
    expect(stdout).to.match(/30 more calls: server-1 15, server-3 15/);
    expect(stdout).to.match(/\] done\n$/);
  });
});
