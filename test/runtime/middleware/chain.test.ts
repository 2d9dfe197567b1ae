import { expect } from "chai";
import { chain } from "../../../runtime/middleware/chain.js";
import type { Call, Handler, Middleware } from "../../../runtime/middleware/types.js";
import { Echo } from "../../helpers/descriptors.js";

function call(): Call {
  return { side: "client", method: Echo.methods["echo"]!, request: { text: "x" }, metadata: {}, deadline: Date.now() + 1000 };
}

describe("chain()", () => {
  it("runs middleware first-to-last on the way in and last-to-first on the way out", async () => {
    const log: string[] = [];
    const mw = (name: string): Middleware => (next) => async (c) => {
      log.push(`${name}>`);
      const r = await next(c);
      log.push(`<${name}`);
      return r;
    };
    const terminal: Handler = async () => {
      log.push("handler");
      return 1;
    };
    const result = await chain(mw("a"), mw("b"), mw("c"))(terminal)(call());
    expect(result).to.equal(1);
    expect(log).to.deep.equal(["a>", "b>", "c>", "handler", "<c", "<b", "<a"]);
  });

  it("lets middleware short-circuit and rewrite the request and metadata", async () => {
    const seen: Call[] = [];
    const rewrite: Middleware = (next) => (c) => {
      c.request = { text: "rewritten" };
      c.metadata = { ...c.metadata, "x-tag": "1" };
      return next(c);
    };
    const stop: Middleware = () => async () => "stopped";
    const terminal: Handler = async (c) => {
      seen.push(c);
      return c.request?.["text"];
    };
    expect(await chain(rewrite)(terminal)(call())).to.equal("rewritten");
    expect(seen[0]!.metadata).to.deep.equal({ "x-tag": "1" });
    expect(await chain(stop, rewrite)(terminal)(call())).to.equal("stopped");
    expect(seen).to.have.length(1);
  });

  it("with no middleware is the handler itself", async () => {
    const terminal: Handler = async () => 7;
    expect(chain()(terminal)).to.equal(terminal);
  });
});
