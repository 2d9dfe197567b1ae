/** The observer hook over real sockets: what each side reports, and several observers at once. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { combineObservers, type CallObserver } from "../../../runtime/observability/observer.js";
import { Echo } from "../../helpers/descriptors.js";
import { rejectionOf, startEcho, waitFor } from "../../helpers/echo-server.js";

/** Records every hook as one line. */
function recorder(lines: string[]): CallObserver {
  return {
    callStarted: (side, method) => lines.push(`${side} started ${method.name}`),
    callFinished: (side, method, code, durationMs, bytesOut, bytesIn) =>
      lines.push(`${side} finished ${method.name} ${code} ${durationMs >= 0} out=${bytesOut > 0} in=${bytesIn > 0}`),
    connectionOpened: (side) => lines.push(`${side} opened`),
    connectionClosed: (side) => lines.push(`${side} closed`),
  };
}

describe("observability: the call observer", function () {
  it("combines none into undefined and one into itself", () => {
    const one = recorder([]);
    expect(combineObservers(undefined)).to.equal(undefined);
    expect(combineObservers([])).to.equal(undefined);
    expect(combineObservers([one])).to.equal(one);
  });

  it("tells every observer of a client and a server, in order, with codes and sizes", async () => {
    const first: string[] = [];
    const second: string[] = [];
    const echo = await startEcho({ observers: [recorder(first), recorder(second)] });
    const client = createClient({ target: echo.target, observers: [recorder(first), recorder(second)] });
    try {
      await client.unary(Echo.methods["echo"]!, { text: "hi" });
      await rejectionOf(client.unary(Echo.methods["fail"]!, { how: "rpc" }));
      await client.oneway(Echo.methods["track"]!, { event: "e" });
      await waitFor(() => echo.probe.tracked.length === 1 && first.includes("server finished track OK true out=false in=true"));
    } finally {
      await client.close();
      await echo.server.close();
    }
    await waitFor(() => first.filter((l) => l.endsWith("closed")).length === 2);
    expect(second).to.deep.equal(first);
    // Each side's lines in order (the two sides interleave by timing).
    expect(first.filter((l) => l.startsWith("client"))).to.deep.equal([
      "client started echo",
      "client opened",
      "client finished echo OK true out=true in=true",
      "client started fail",
      "client finished fail PERMISSION_DENIED true out=true in=true",
      "client started track",
      "client finished track OK true out=true in=false",
      "client closed",
    ]);
    expect(first.filter((l) => l.startsWith("server"))).to.deep.equal([
      "server opened",
      "server started echo",
      "server finished echo OK true out=true in=true",
      "server started fail",
      "server finished fail PERMISSION_DENIED true out=true in=true",
      "server started track",
      "server finished track OK true out=false in=true",
      "server closed",
    ]);
  });
});
