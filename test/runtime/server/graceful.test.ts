/** Graceful close: drain in-flight calls, refuse new ones, force after the timeout, deregister first. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import type { RpcError } from "../../../runtime/errors.js";
import { MemoryRegistry, memoryRegistry } from "../../../runtime/registry/memory.js";
import { createServer } from "../../../runtime/server/server.js";
import { Echo } from "../../helpers/descriptors.js";
import { echoHandler, newProbe, rejectionOf, startEcho, waitFor } from "../../helpers/echo-server.js";

const m = Echo.methods;

describe("server: graceful close", function () {
  it("loses no in-flight call, then refuses new ones", async () => {
    const started = await startEcho();
    const client = createClient({ target: started.target, reconnect: { initialMs: 5000 } });
    try {
      const calls = Array.from({ length: 10 }, () => client.unary(m["sleep"]!, { ms: 300 }));
      await waitFor(() => started.probe.sleepers.length === 10, 5000, "10 calls running");
      await started.server.close();
      expect(await Promise.all(calls)).to.deep.equal(Array(10).fill("slept 300"));
      expect(started.probe.aborted).to.deep.equal([]);
      const late = (await rejectionOf(client.unary(m["echo"]!, { text: "late" }))) as RpcError;
      expect(late.code).to.equal(Code.UNAVAILABLE);
      expect(late.notProcessed).to.equal(true);
      expect(client.stats().pending).to.equal(0);
    } finally {
      await client.close();
    }
  });

  it("forces what still runs after the shutdown timeout: handlers aborted, callers get UNAVAILABLE", async () => {
    const started = await startEcho({ shutdownTimeout: 200 });
    const client = createClient({ target: started.target });
    try {
      const call = rejectionOf(client.unary(m["sleep"]!, { ms: 20_000 }, { timeout: 30_000 }));
      await waitFor(() => started.probe.sleepers.length === 1, 5000, "the call to start");
      await started.server.close();
      expect(((await call) as RpcError).code).to.equal(Code.UNAVAILABLE);
      expect(started.probe.aborted).to.deep.equal([Code.UNAVAILABLE]);
      expect(started.server.stats()).to.deep.equal({ connections: 0, inFlight: 0 });
    } finally {
      await client.close();
    }
  });

  it("registers on listen, is discovered through the registry, and deregisters on close", async () => {
    const registry = new MemoryRegistry();
    const server = createServer({ registry, onError: () => {}, advertise: { group: "blue", labels: { zone: "a" } } });
    server.add(Echo, echoHandler(newProbe()));
    const { port } = await server.listen({ host: "127.0.0.1", port: 0 });
    const listed = await registry.list("test.Echo");
    expect(listed).to.have.length(1);
    expect(listed[0]).to.include({ service: "test.Echo", host: "127.0.0.1", port, group: "blue", weight: 100 });
    const client = createClient({ target: "registry://", registry });
    try {
      expect(await client.unary(m["echo"]!, { text: "found" })).to.equal("found");
      // The registry pushes to all watchers in one go: once this one saw the empty list, so did the client.
      const pushes: number[] = [];
      const stop = registry.watch("test.Echo", (list) => pushes.push(list.length));
      await waitFor(() => pushes.length > 0, 5000, "the first push");
      await server.close();
      expect(await registry.list("test.Echo")).to.deep.equal([]);
      await waitFor(() => pushes.at(-1) === 0, 5000, "the push of the empty list");
      stop();
      const error = (await rejectionOf(client.unary(m["echo"]!, { text: "gone" }))) as RpcError;
      expect(error.code).to.equal(Code.UNAVAILABLE);
    } finally {
      await client.close();
    }
  });

  it("runs with embedded defaults: register: true + memory:// target", async () => {
    const server = createServer({ onError: () => {} });
    server.add(Echo, echoHandler(newProbe()));
    await server.listen({ host: "127.0.0.1", port: 0, register: true });
    const client = createClient({ target: "memory://" });
    try {
      expect(await client.unary(m["echo"]!, { text: "embedded" })).to.equal("embedded");
    } finally {
      await client.close();
      await server.close();
    }
    expect(await memoryRegistry.list("test.Echo")).to.deep.equal([]);
  });

  it("closes a connection idle for idleTimeout; the client reconnects on its next call", async () => {
    const started = await startEcho({ idleTimeout: 100 });
    const client = createClient({ target: started.target });
    try {
      await client.unary(m["echo"]!, { text: "x" });
      await waitFor(() => started.server.stats().connections === 0, 5000, "server idle close");
      await waitFor(() => client.stats().connections === 0, 5000, "client notices");
      expect(await client.unary(m["echo"]!, { text: "again" })).to.equal("again");
    } finally {
      await client.close();
      await started.server.close();
    }
  });
});

describe("client: close", function () {
  it("lets in-flight calls finish, refuses new ones, and force fails what is left", async () => {
    const started = await startEcho();
    const client = createClient({ target: started.target });
    const forced = createClient({ target: started.target });
    try {
      const calls = [client.unary(m["sleep"]!, { ms: 200 }), client.unary(m["sleep"]!, { ms: 200 })];
      const doomed = rejectionOf(forced.unary(m["sleep"]!, { ms: 5000 }));
      await waitFor(() => started.probe.sleepers.length === 3, 5000, "three calls running");
      await client.close();
      await forced.close({ force: true });
      const late = (await rejectionOf(client.unary(m["echo"]!, { text: "late" }))) as RpcError;
      expect(late.code).to.equal(Code.UNAVAILABLE);
      expect(late.notProcessed).to.equal(true);
      expect(await Promise.all(calls)).to.deep.equal(["slept 200", "slept 200"]);
      expect(((await doomed) as RpcError).code).to.equal(Code.UNAVAILABLE);
      await waitFor(() => client.stats().connections === 0, 5000, "the drained connection to close");
    } finally {
      await started.server.close();
    }
  });
});
