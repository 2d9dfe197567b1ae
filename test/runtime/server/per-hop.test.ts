/**
 * What crosses hops and what does not: route tags reach every hop whatever
 * the servers' propagateMetadata rule, and "not processed" describes one hop
 * only (a handler that ran never passes the mark on).
 */
import { expect } from "chai";
import type { Metadata } from "../../../runtime/call.js";
import { createClient, type RpcClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import type { Middleware } from "../../../runtime/middleware/types.js";
import { MemoryRegistry } from "../../../runtime/registry/memory.js";
import { makeInstance } from "../../../runtime/registry/registry.js";
import { routeTagKey } from "../../../runtime/router/route-tags.js";
import { routeTagRouter } from "../../../runtime/router/tag.js";
import type { MethodDescriptor } from "../../../runtime/schema/types.js";
import { createServer, type Server } from "../../../runtime/server/server.js";
import { rejectionOf } from "../../helpers/echo-server.js";
import { bareMethod, bareService, withCtx } from "../../helpers/net-service.js";

const hops = ["test.HopA", "test.HopB", "test.HopC"];
const hop: MethodDescriptor[] = hops.map((s) => bareMethod(s, "hop", { kind: "list", element: { kind: "string" } }));

describe("per-hop metadata and marks", function () {
  const servers: Server[] = [];
  const clients: RpcClient[] = [];
  after(async () => {
    for (const c of clients) await c.close();
    for (const s of servers) await s.close();
  });

  /** A server for `service` whose handler runs `handler`; registered with `labels` when a registry is given. */
  async function serve(service: string, handler: (...args: unknown[]) => unknown, options: { registry?: MemoryRegistry; labels?: Record<string, string>; middleware?: Middleware[] } = {}): Promise<number> {
    const server = createServer({ propagateMetadata: "none", middleware: options.middleware ?? [], onError: () => {} });
    server.add(bareService(service, [bareMethod(service, "hop", { kind: "list", element: { kind: "string" } })]), { hop: handler });
    servers.push(server);
    const { port } = await server.listen({ host: "127.0.0.1", port: 0 });
    await options.registry?.register(makeInstance({ service, host: "127.0.0.1", port, labels: options.labels ?? {} }), 60_000);
    return port;
  }

  it("a load-test tag set at the edge keeps every call of a three-hop chain on the test instances", async () => {
    const registry = new MemoryRegistry();
    const client = createClient({ target: "registry://", registry, routers: [routeTagRouter("env")] });
    clients.push(client);
    for (let h = 0; h < 3; h++) {
      for (const env of ["loadtest", undefined]) {
        const name = `${hops[h]}@${env ?? "prod"}`;
        const handler = withCtx(async () => (h === 2 ? [name] : [name, ...((await client.unary(hop[h + 1]!, {})) as string[])]));
        await serve(hops[h]!, handler, { registry, ...(env === undefined ? {} : { labels: { env } }) });
      }
    }
    const tagged: Metadata = { [routeTagKey("env")]: "loadtest", "x-other": "dropped" };
    for (let i = 0; i < 6; i++) {
      expect(await client.unary(hop[0]!, {}, { metadata: tagged })).to.deep.equal(hops.map((s) => `${s}@loadtest`));
      expect(await client.unary(hop[0]!, {})).to.deep.equal(hops.map((s) => `${s}@prod`));
    }
  });

  it("a refusal before the handler stays not processed; the same error leaving a handler one hop up does not", async () => {
    const refuse: Middleware = () => () => Promise.reject(new RpcError(Code.UNAVAILABLE, "shedding", { notProcessed: true }));
    const farPort = await serve("test.Far", withCtx(() => []), { middleware: [refuse] });
    const far = createClient({ target: `static://127.0.0.1:${farPort}` });
    clients.push(far);
    const farHop = bareMethod("test.Far", "hop", { kind: "list", element: { kind: "string" } });
    const direct = (await rejectionOf(far.unary(farHop, {}))) as RpcError;
    expect([direct.code, direct.notProcessed]).to.deep.equal([Code.UNAVAILABLE, true]);

    // One hop up: the handler ran (and may have had side effects) before passing the error on.
    const nearPort = await serve("test.Near", withCtx(() => far.unary(farHop, {})));
    const near = createClient({ target: `static://127.0.0.1:${nearPort}` });
    clients.push(near);
    const nearHop = bareMethod("test.Near", "hop", { kind: "list", element: { kind: "string" } });
    const relayed = (await rejectionOf(near.unary(nearHop, {}))) as RpcError;
    expect(relayed.code).to.equal(Code.UNAVAILABLE);
    expect(relayed.notProcessed).to.equal(false);

    // A handler's own not-processed error is not trusted either.
    const ownPort = await serve("test.Own", withCtx(() => Promise.reject(new RpcError(Code.UNAVAILABLE, "mine", { notProcessed: true }))));
    const own = createClient({ target: `static://127.0.0.1:${ownPort}` });
    clients.push(own);
    const ownError = (await rejectionOf(own.unary(bareMethod("test.Own", "hop", { kind: "list", element: { kind: "string" } }), {}))) as RpcError;
    expect(ownError.notProcessed).to.equal(false);
  });
});
