/** The router chain: the UNAVAILABLE error names the router that emptied the list; fallbacks; rules of the call. */
import { expect } from "chai";
import { RoundRobinBalancer } from "../../../runtime/balancer/round-robin-balancer.js";
import type { PickInfo } from "../../../runtime/balancer/balancer.js";
import { Code } from "../../../runtime/codes.js";
import { groupRouter } from "../../../runtime/router/group.js";
import { labelsRouter } from "../../../runtime/router/labels.js";
import { RouterChain } from "../../../runtime/router/router.js";
import { ruleRouter } from "../../../runtime/router/rule.js";
import { routeTagRouter } from "../../../runtime/router/tag.js";
import type { Instance } from "../../../runtime/registry/registry.js";
import { Echo } from "../../helpers/descriptors.js";
import { callInfo, fleet, nameOf } from "../../helpers/balancing.js";

const names = (list: readonly Instance[]): string => list.map(nameOf).join("");
const orders = (metadata: Record<string, string> = {}): PickInfo => ({
  method: { ...Echo.methods["echo"]!, service: "shop.orders.OrderService" },
  metadata,
});

describe("router chain", () => {
  const view = fleet();

  it("applies routers in order", () => {
    const chain = new RouterChain([labelsRouter({ env: "prod" }), groupRouter("")]);
    expect(names(chain.route(callInfo(), view))).to.equal("bc");
  });

  it("an emptied list fails UNAVAILABLE (not processed) naming the router and the service", () => {
    const chain = new RouterChain([groupRouter(""), labelsRouter({ env: "test" }), groupRouter("canary")]);
    expect(chain.route(orders(), view)).to.have.length(0);
    const error = chain.unavailable(orders(), view);
    expect(error.code).to.equal(Code.UNAVAILABLE);
    expect(error.notProcessed).to.equal(true);
    expect(error.message).to.match(/^router 'labels\{env=test\}' left no instance of shop\.orders\.OrderService/);
    expect(error.details).to.deep.equal({ router: "labels{env=test}", service: "shop.orders.OrderService" });
  });

  it("an empty view is not blamed on a router", () => {
    const error = new RouterChain([groupRouter("canary")]).unavailable(orders(), []);
    expect(error.message).to.equal("no instance of shop.orders.OrderService is known");
  });

  it("fallback: true keeps the list the router received; a fallback router is tried on it instead", () => {
    const preferStaging = labelsRouter({ env: "staging" }, { fallback: true });
    expect(names(new RouterChain([preferStaging, groupRouter("canary")]).route(callInfo(), view))).to.equal("ad");
    const vipOrShared = labelsRouter({ env: "staging" }, { fallback: labelsRouter({ pool: "vip" }) });
    expect(names(new RouterChain([vipOrShared]).route(callInfo(), view))).to.equal("cf");
    const bothEmpty = labelsRouter({ env: "staging" }, { fallback: labelsRouter({ pool: "gold" }) });
    expect(new RouterChain([bothEmpty]).unavailable(orders(), view).details["router"]).to.equal(
      "labels{env=staging}, then its fallback labels{pool=gold}",
    );
  });

  it("A/B rule: the call's metadata chooses the variant; calls without it are not routed", () => {
    const a = labelsRouter({ ab: "a" });
    const b = labelsRouter({ ab: "b" });
    const ab = ruleRouter("ab-test", (call) => {
      const v = call.metadata["x-ab"];
      return v === "a" ? a : v === "b" ? b : undefined;
    });
    const chain = new RouterChain([ab]);
    expect(names(chain.route(callInfo(undefined, { "x-ab": "a" }), view))).to.equal("ac");
    expect(names(chain.route(callInfo(undefined, { "x-ab": "b" }), view))).to.equal("be");
    expect(chain.route(callInfo(), view)).to.equal(view);
  });

  it("VIP rule: VIP calls only on the vip pool, others never on it; the error names rule and branch", () => {
    const vip = labelsRouter({ pool: "vip" });
    const shared = labelsRouter({ env: "prod", ab: "b" });
    const tier = ruleRouter("vip", (call) => (call.metadata["x-tier"] === "vip" ? vip : shared));
    expect(names(tier.route(callInfo(undefined, { "x-tier": "vip" }), view))).to.equal("cf");
    expect(names(tier.route(callInfo(), view))).to.equal("b");
    const chain = new RouterChain([groupRouter("canary"), tier]);
    expect(chain.unavailable(orders({ "x-tier": "vip" }), view).message).to.match(
      /^router 'vip: labels\{pool=vip\}' left no instance/,
    );
  });

  it("a rule with a fallback: VIP calls use the shared pool when no vip instance is left", () => {
    const vipOnly = labelsRouter({ pool: "vip" });
    const tier = ruleRouter("vip", (call) => (call.metadata["x-tier"] === "vip" ? vipOnly : undefined), { fallback: true });
    const chain = new RouterChain([groupRouter("canary"), tier]);
    expect(names(chain.route(callInfo(undefined, { "x-tier": "vip" }), view))).to.equal("ad");
  });

  it("load-test tag: tagged calls stay on load-test instances, ordinary calls never reach them", () => {
    const chain = new RouterChain([routeTagRouter("env", { label: "env" })]);
    const tagged = callInfo(undefined, { "rpcgen-route-env": "loadtest" });
    expect(names(chain.route(tagged, view))).to.equal("de");
    expect(names(chain.route(callInfo(undefined, { "rpcgen-route-env": "prod" }), view))).to.equal("abc");
  });

  it("a balancer behind an alternating A/B rule keeps its rotation per variant (state by array identity)", () => {
    const a = labelsRouter({ ab: "a" });
    const b = labelsRouter({ ab: "b" });
    const chain = new RouterChain([ruleRouter("ab", (call) => (call.metadata["x-ab"] === "a" ? a : b))]);
    const rr = new RoundRobinBalancer({ random: () => 0 });
    let seq = "";
    for (let i = 0; i < 8; i++) {
      const call = callInfo(undefined, { "x-ab": i % 2 === 0 ? "a" : "b" });
      seq += nameOf(rr.pick(chain.route(call, view), call)!.instance);
    }
    expect(seq).to.equal("abceabce"); // a-variant a,c,a,c; b-variant b,e,b,e: neither restarts
  });
});
