/** Routing a warm view allocates nothing: a chain of a rule, a route-tag and a labels router, then a pick. */
import { expect } from "chai";
import { measureAllocation } from "../../../bench/alloc-meter.js";
import { createBalancer } from "../../../runtime/balancer/balancer.js";
import { labelsRouter } from "../../../runtime/router/labels.js";
import { RouterChain } from "../../../runtime/router/router.js";
import { ruleRouter } from "../../../runtime/router/rule.js";
import { routeTagRouter } from "../../../runtime/router/tag.js";
import { callInfo, fleet } from "../../helpers/balancing.js";

describe("router chain allocates nothing on a warm view", function () {
  this.timeout(60_000);
  it("rule + route tag + labels, then a P2C-EWMA pick", async () => {
    const view = fleet();
    const a = labelsRouter({ ab: "a" });
    const b = labelsRouter({ ab: "b" });
    const chain = new RouterChain([
      routeTagRouter("env", { fallback: true }),
      ruleRouter("ab", (call) => (call.metadata["x-ab"] === "a" ? a : b), { fallback: true }),
      labelsRouter({}),
    ]);
    const calls = [
      callInfo(undefined, { "x-ab": "a" }),
      callInfo(undefined, { "x-ab": "b", "rpcgen-route-env": "loadtest" }),
      callInfo(undefined, { "rpcgen-route-env": "prod" }),
    ];
    const balancer = createBalancer("p2c-ewma");
    let i = 0;
    const { bytesPerOp, iterations } = await measureAllocation(() => {
      const call = calls[i++ % 3]!;
      const list = chain.route(call, view);
      balancer.pick(list, call)!.done!(undefined, 2);
    }, 200_000);
    expect(iterations, "collections kept interrupting the loop").to.be.at.least(20_000);
    expect(bytesPerOp).to.be.below(0.5);
  });
});
