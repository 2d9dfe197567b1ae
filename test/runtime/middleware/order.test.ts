/** Client and server middleware over real sockets: order, metadata, short-circuit errors. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import type { Middleware } from "../../../runtime/middleware/types.js";
import { Echo } from "../../helpers/descriptors.js";
import { rejectionOf, startEcho } from "../../helpers/echo-server.js";

const m = Echo.methods;

describe("middleware over the wire", function () {
  it("runs client a, b then server x, y around the handler, in onion order", async () => {
    const log: string[] = [];
    const mw = (name: string): Middleware => (next) => async (call) => {
      log.push(`${name}>${call.side}`);
      const result = await next(call);
      log.push(`<${name}`);
      return result;
    };
    const started = await startEcho({ middleware: [mw("x"), mw("y")] });
    const client = createClient({ target: started.target, middleware: [mw("a"), mw("b")] });
    try {
      expect(await client.unary(m["echo"]!, { text: "hi" })).to.equal("hi");
      expect(log).to.deep.equal(["a>client", "b>client", "x>server", "y>server", "<y", "<x", "<b", "<a"]);
    } finally {
      await client.close();
      await started.server.close();
    }
  });

  it("lets client middleware add metadata and server middleware see ctx, args and annotations, or reject", async () => {
    const seen: unknown[] = [];
    const tag: Middleware = (next) => (call) => {
      call.metadata = { ...call.metadata, "x-trace": "t-1" };
      return next(call);
    };
    const guard: Middleware = (next) => async (call) => {
      seen.push({ method: call.method.name, request: call.request, trace: call.ctx?.metadata["x-trace"] });
      if (call.request?.["text"] === "forbidden") throw new RpcError(Code.PERMISSION_DENIED, "nope");
      return next(call);
    };
    const started = await startEcho({ middleware: [guard] });
    const client = createClient({ target: started.target, middleware: [tag] });
    try {
      expect(await client.unary(m["echo"]!, { text: "ok" })).to.equal("ok");
      expect(seen[0]).to.deep.equal({ method: "echo", request: { text: "ok" }, trace: "t-1" });
      const error = (await rejectionOf(client.unary(m["echo"]!, { text: "forbidden" }))) as RpcError;
      expect(error.code).to.equal(Code.PERMISSION_DENIED);
    } finally {
      await client.close();
      await started.server.close();
    }
  });

  it("lets server middleware edit the metadata of a call that arrived without any, in place", async () => {
    let seen: unknown;
    const stamp: Middleware = (next) => (call) => {
      call.metadata["x-stamp"] = "s-1"; // the call carried no metadata: this object must still be editable
      return next(call);
    };
    const look: Middleware = (next) => (call) => {
      seen = call.ctx?.metadata["x-stamp"];
      return next(call);
    };
    const started = await startEcho({ middleware: [stamp, look] });
    const client = createClient({ target: started.target });
    try {
      expect(await client.unary(m["echo"]!, { text: "ok" })).to.equal("ok");
      expect(seen).to.equal("s-1");
    } finally {
      await client.close();
      await started.server.close();
    }
  });

  it("runs server middleware only after validation passed", async () => {
    let ran = 0;
    const count: Middleware = (next) => (call) => {
      ran++;
      return next(call);
    };
    const started = await startEcho({ middleware: [count] });
    const client = createClient({ target: started.target, validate: false });
    const validating = createClient({ target: started.target });
    try {
      const error = (await rejectionOf(client.unary(m["place"]!, { items: [{ sku: "", quantity: 1 }] }))) as RpcError;
      expect(error.code).to.equal(Code.INVALID_ARGUMENT);
      expect(ran).to.equal(0);
      // A validating client never sends it: no connection is even opened.
      const local = (await rejectionOf(validating.unary(m["place"]!, { items: [{ sku: "", quantity: 1 }] }))) as RpcError;
      expect(local.code).to.equal(Code.INVALID_ARGUMENT);
      expect(local.notProcessed).to.equal(true);
      expect(validating.stats().connections).to.equal(0);
      expect(started.server.stats().connections).to.equal(1);
      expect(await validating.unary(m["place"]!, { items: [{ sku: "a", quantity: 2 }] })).to.equal(2);
      expect(ran).to.equal(1);
    } finally {
      await client.close();
      await validating.close();
      await started.server.close();
    }
  });
});
