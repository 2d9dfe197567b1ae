/** Deadline and metadata propagation A -> B -> C over real sockets, with detach and reset. */
import { expect } from "chai";
import type { CallContext } from "../../../runtime/call.js";
import { createClient, type RpcClient } from "../../../runtime/client/channel.js";
import { detachContext, withDeadline } from "../../../runtime/context.js";
import { createServer, type Server } from "../../../runtime/server/server.js";
import type { ServerOptions } from "../../../runtime/server/options.js";
import { hopService } from "../../helpers/descriptors.js";

interface Seen {
  remaining: number;
  metadata: Record<string, string>;
}

const A = hopService("A");
const B = hopService("B");
const C = hopService("C");

describe("context: propagation across a call chain", function () {
  const servers: Server[] = [];
  const clients: RpcClient[] = [];
  const seen: Record<string, Seen[]> = { A: [], B: [], C: [] };
  let entry: RpcClient;
  /** How B calls C; swapped per test. */
  let bCallsC: (client: RpcClient) => Promise<unknown>;

  async function serve(name: string, d: ReturnType<typeof hopService>, next: (() => Promise<unknown>) | undefined, options: ServerOptions = {}) {
    const server = createServer({ onError: () => {}, ...options });
    server.add(d, {
      async hop(_request: object, ctx: CallContext) {
        seen[name]!.push({ remaining: ctx.deadline - Date.now(), metadata: { ...ctx.metadata } });
        // Spend a little time so each hop's budget is visibly smaller.
        await new Promise((r) => setTimeout(r, 30));
        return next === undefined ? [] : await next();
      },
    } as never);
    const { port } = await server.listen({ host: "127.0.0.1", port: 0 });
    servers.push(server);
    return `static://127.0.0.1:${port}`;
  }

  before(async () => {
    const cTarget = await serve("C", C, undefined);
    const toC = createClient({ target: cTarget });
    clients.push(toC);
    const bTarget = await serve("B", B, () => bCallsC(toC), { propagateMetadata: (k) => k.startsWith("x-") });
    const toB = createClient({ target: bTarget });
    clients.push(toB);
    const aTarget = await serve("A", A, () => toB.unary(B.methods["hop"]!, {}));
    entry = createClient({ target: aTarget });
    clients.push(entry);
  });
  after(async () => {
    for (const c of clients) await c.close();
    for (const s of servers) await s.close();
  });
  beforeEach(() => {
    for (const k of Object.keys(seen)) seen[k] = [];
    bCallsC = (toC) => toC.unary(C.methods["hop"]!, {});
  });

  it("shrinks the remaining deadline hop by hop and forwards metadata (filtered by the server's rule)", async () => {
    await entry.unary(A.methods["hop"]!, {}, { timeout: 3000, metadata: { "x-route": "load-test", secret: "s" } });
    const [a, b, c] = [seen["A"]![0]!, seen["B"]![0]!, seen["C"]![0]!];
    expect(a.remaining).to.be.at.most(3000);
    expect(b.remaining).to.be.at.most(a.remaining);
    expect(c.remaining).to.be.at.most(b.remaining);
    expect(c.remaining).to.be.above(0);
    expect(b.metadata).to.deep.equal({ "x-route": "load-test", secret: "s" });
    // B propagates only x- keys.
    expect(c.metadata).to.deep.equal({ "x-route": "load-test" });
  });

  it("never lets a downstream call exceed the upstream deadline, even when it asks for more", async () => {
    bCallsC = (toC) => toC.unary(C.methods["hop"]!, {}, { timeout: 60_000 });
    await entry.unary(A.methods["hop"]!, {}, { timeout: 2000 });
    expect(seen["C"]![0]!.remaining).to.be.at.most(seen["B"]![0]!.remaining);
    expect(seen["C"]![0]!.remaining).to.be.at.most(2000);
  });

  it("detachContext drops the inherited deadline and metadata", async () => {
    bCallsC = (toC) => detachContext(() => toC.unary(C.methods["hop"]!, {}));
    await entry.unary(A.methods["hop"]!, {}, { timeout: 2000, metadata: { "x-route": "t" } });
    // Back to the client default (10 s), far beyond the caller's 2 s.
    expect(seen["C"]![0]!.remaining).to.be.above(5000);
    expect(seen["C"]![0]!.metadata).to.deep.equal({});
  });

  it("withDeadline resets the inherited deadline and keeps metadata", async () => {
    bCallsC = (toC) => withDeadline(5000, () => toC.unary(C.methods["hop"]!, {}));
    await entry.unary(A.methods["hop"]!, {}, { timeout: 2000, metadata: { "x-route": "t" } });
    // The reset (5 s) replaces the 2 s inherited from A; the client default (10 s) still caps it.
    expect(seen["C"]![0]!.remaining).to.be.above(2000).and.at.most(5000);
    expect(seen["C"]![0]!.metadata).to.deep.equal({ "x-route": "t" });
  });
});
