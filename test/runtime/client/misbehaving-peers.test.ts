/** Peers that misbehave: silent servers, dead keepalive, unreachable addresses, stalled handshakes, idle close. */
import { expect } from "chai";
import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import type { RpcError } from "../../../runtime/errors.js";
import { Echo } from "../../helpers/descriptors.js";
import { rejectionOf, startEcho, waitFor } from "../../helpers/echo-server.js";

const m = Echo.methods;

describe("client: peers that misbehave", function () {
  let silent: NetServer;
  let port: number;
  const sockets: Socket[] = [];
  before(async () => {
    // Accepts, reads, never writes a byte (not even PONG).
    silent = createNetServer((socket) => {
      sockets.push(socket);
      socket.on("data", () => {});
      socket.on("error", () => {});
    });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    port = (silent.address() as { port: number }).port;
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  });

  it("a server that never answers + a caller without a timeout: DEADLINE_EXCEEDED from the client default", async () => {
    const client = createClient({ target: `static://127.0.0.1:${port}`, timeout: 300 });
    try {
      const error = (await rejectionOf(client.unary(m["echo"]!, { text: "anyone?" }))) as RpcError;
      expect(error.code).to.equal(Code.DEADLINE_EXCEEDED);
      expect(client.stats().pending).to.equal(0);
    } finally {
      // Graceful: the silent peer never closes its side; close() still resolves.
      await client.close();
    }
  });

  it("a peer that stops answering keepalive pings fails pending calls UNAVAILABLE", async () => {
    const client = createClient({ target: `127.0.0.1:${port}`, timeout: 60_000, keepalive: { intervalMs: 100, timeoutMs: 100 } });
    try {
      const error = (await rejectionOf(client.unary(m["echo"]!, { text: "ping?" }))) as RpcError;
      expect(error.code).to.equal(Code.UNAVAILABLE);
      expect(error.message).to.contain("keepalive");
      expect(client.stats().pending).to.equal(0);
    } finally {
      await client.close({ force: true });
    }
  });

  it("gives up connecting after connectTimeout (a TLS handshake that never completes)", async () => {
    const client = createClient({ target: `static://127.0.0.1:${port}`, tls: {}, connectTimeout: 200, timeout: 60_000 });
    try {
      const error = (await rejectionOf(client.unary(m["echo"]!, { text: "x" }))) as RpcError;
      expect(error.code).to.equal(Code.UNAVAILABLE);
      expect(error.notProcessed).to.equal(true);
      expect(error.message).to.contain("connect timeout after 200 ms");
    } finally {
      await client.close();
    }
  });

  it("an unreachable address fails fast with UNAVAILABLE, not processed", async () => {
    const probe = createNetServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const free = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const client = createClient({ target: `static://127.0.0.1:${free}` });
    try {
      const error = (await rejectionOf(client.unary(m["echo"]!, { text: "x" }))) as RpcError;
      expect(error.code).to.equal(Code.UNAVAILABLE);
      expect(error.notProcessed).to.equal(true);
    } finally {
      await client.close();
    }
  });

  it("closes idle connections after idleTimeout", async () => {
    const started = await startEcho();
    const client = createClient({ target: started.target, idleTimeout: 100 });
    try {
      await client.unary(m["echo"]!, { text: "x" });
      expect(client.stats().connections).to.equal(1);
      await waitFor(() => client.stats().connections === 0, 5000, "idle close");
      expect(await client.unary(m["echo"]!, { text: "again" })).to.equal("again");
    } finally {
      await client.close();
      await started.server.close();
    }
  });
});
