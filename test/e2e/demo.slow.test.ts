/**
 * The README's first command must keep working: compile idl-examples/ with the
 * real CLI, type-check the demo against the generated code, run it, and see
 * each labelled outcome.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { expect } from "chai";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../../", import.meta.url));

describe("npm run demo", function () {
  this.timeout(120_000);

  it("compiles the examples, type-checks the demo and shows every labelled outcome", async () => {
    const cli = await run(process.execPath, ["dist/bin/rpcgen.js", "--known-annotation", "auth", "-o", "idl-examples/generated", "idl-examples/shop"], { cwd: repo });
    expect(cli.stderr).to.match(/5 files, 0 errors, 0 warnings/);
    await run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "idl-examples/demo"], { cwd: repo });
    const { stdout } = await run(process.execPath, [".out/demo/demo/run.js"], { cwd: repo, timeout: 60_000 });
    expect(stdout).to.match(/\[call: .*\]\norder o-1 PAID, total 3998 EUR, receipt rcpt-o-1/);
    expect(stdout).to.match(/remaining deadline per hop: gateway \d+ ms -> orders \d+ ms -> inventory \d+ ms -> payments \d+ ms/);
    expect(stdout).to.match(/\[oneway: .*\]\nserver received: cart\.opened \{"customer":"c-1"\}/);
    expect(stdout).to.contain("caught orders.OrderNotFound (instanceof works): id=o-404");
    expect(stdout).to.contain("RpcError INVALID_ARGUMENT: place: items[1].quantity: must be at most 1000, got 5000");
    expect(stdout).to.match(/RpcError DEADLINE_EXCEEDED: .* after \d+ ms\nremaining deadline per hop: gateway \d+ ms -> orders \d+ ms -> inventory \d+ ms/);
    // The scrape at the end counts what the servers handled, by code.
    expect(stdout).to.match(/Prometheus metrics at http:\/\/127\.0\.0\.1:\d+\/metrics/);
    expect(stdout).to.contain('rpcgen_calls_handled_total{side="server",service="shop.gateway.GatewayService",method="checkout",code="OK"} 1');
    expect(stdout).to.match(/rpcgen_calls_handled_total\{side="server",service="shop.orders.OrderService",method="get",code="IDL:shop.orders.OrderNotFound"\} 1/);
    expect(stdout).to.match(/\ndone\n$/);
  });
});
