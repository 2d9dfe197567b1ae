/** Start a real Echo server on 127.0.0.1:0 with a probe recording what handlers saw. */
import type { CallContext } from "../../runtime/call.js";
import { Code } from "../../runtime/codes.js";
import { IdlError, RpcError } from "../../runtime/errors.js";
import { createServer, type Server } from "../../runtime/server/server.js";
import type { ServerOptions } from "../../runtime/server/options.js";
import type { StructSchema } from "../../runtime/schema/types.js";
import { Echo, NotFound, type EchoHandler } from "./descriptors.js";

/** What the handlers observed. */
export interface EchoProbe {
  tracked: string[];
  /** Contexts of `sleep` calls, in arrival order. */
  sleepers: CallContext[];
  /** Abort reasons' codes seen by `sleep` handlers. */
  aborted: string[];
  /** Errors given to the server's onError hook. */
  reported: unknown[];
  /** How many sleep handlers have finished (normally or aborted). */
  sleepsDone: number;
}

class Undeclared extends IdlError {
  static override readonly schema: StructSchema = {
    kind: "error",
    name: "Undeclared",
    fullName: "test.Undeclared",
    fields: [],
    annotations: {},
  };
}

/** The handler used by most runtime tests. */
export function echoHandler(probe: EchoProbe): EchoHandler {
  const sleep = ({ ms }: { ms: number }, ctx: CallContext): Promise<string> => {
    probe.sleepers.push(ctx);
    return new Promise((resolve) => {
      const finish = (what: string) => {
        probe.sleepsDone++;
        resolve(what);
      };
      const timer = setTimeout(() => finish(`slept ${ms}`), ms);
      ctx.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        probe.aborted.push((ctx.signal.reason as RpcError).code);
        finish("aborted");
      });
    });
  };
  return {
    echo: ({ text }) => text,
    sleep,
    slowByDefault: sleep,
    fail({ how }) {
      if (how === "notfound") throw new NotFound({ id: "42", code: 7 });
      if (how === "rpc") throw new RpcError(Code.PERMISSION_DENIED, "admins only", { details: { role: "admin" } });
      // "code:X": an RpcError with code X, to show every code crosses the wire.
      if (how.startsWith("code:")) throw new RpcError(how.slice("code:".length) as Code, "as asked");
      if (how === "undeclared") throw new Undeclared("not in throws");
      throw new Error("secret: db password is hunter2");
    },
    track({ event }) {
      probe.tracked.push(event);
    },
    place: ({ items }) => items.reduce((n, i) => n + (i.quantity ?? 0), 0),
    labels: ({ labels }) => labels,
    context: (_request, ctx) => new Map(Object.entries(ctx.metadata)),
    remaining: (_request, ctx) => ctx.deadline - Date.now(),
    blob: ({ size }) => new Uint8Array(size).fill(7),
  };
}

export function newProbe(): EchoProbe {
  return { tracked: [], sleepers: [], aborted: [], reported: [], sleepsDone: 0 };
}

export interface Started {
  server: Server;
  port: number;
  target: string;
  probe: EchoProbe;
}

/** Listen on 127.0.0.1:`port` (0 = free) with the Echo service; errors go to the probe, not the console. */
export async function startEcho(options: ServerOptions = {}, port = 0): Promise<Started> {
  const probe = newProbe();
  const server = createServer({ onError: (e) => probe.reported.push(e), ...options });
  server.add(Echo, echoHandler(probe));
  const address = await server.listen({ host: "127.0.0.1", port });
  return { server, port: address.port, target: `static://127.0.0.1:${address.port}`, probe };
}

/** Poll `predicate` every 10 ms until it holds; throws after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The rejection of `promise` (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, it succeeded");
}
