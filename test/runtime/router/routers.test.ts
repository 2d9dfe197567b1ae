/** Group, labels, version, pin and route-tag routers: which instances they keep, and stable output arrays. */
import { expect } from "chai";
import { groupRouter } from "../../../runtime/router/group.js";
import { labelsRouter } from "../../../runtime/router/labels.js";
import { pinRouter } from "../../../runtime/router/pin.js";
import { routeTagKey } from "../../../runtime/router/route-tags.js";
import { routeTagRouter } from "../../../runtime/router/tag.js";
import { versionRouter } from "../../../runtime/router/version.js";
import type { Instance } from "../../../runtime/registry/registry.js";
import { callInfo, fleet, nameOf } from "../../helpers/balancing.js";

const names = (list: readonly Instance[]): string => list.map(nameOf).join("");

describe("routers", () => {
  const view = fleet();

  it("group keeps one deployment group", () => {
    expect(names(groupRouter("canary").route(callInfo(), view))).to.equal("ad");
    expect(groupRouter("canary").name).to.equal("group{canary}");
  });

  it("labels keeps instances carrying every given label", () => {
    expect(names(labelsRouter({ env: "prod" }).route(callInfo(), view))).to.equal("abc");
    expect(names(labelsRouter({ env: "prod", ab: "a" }).route(callInfo(), view))).to.equal("ac");
    expect(labelsRouter({ env: "prod", ab: "a" }).name).to.equal("labels{ab=a,env=prod}");
  });

  it("version keeps one exact version", () => {
    expect(names(versionRouter("2").route(callInfo(), view))).to.equal("ad");
    expect(versionRouter("2.0").route(callInfo(), view)).to.have.length(0);
  });

  it("pin keeps one address, fixed or asked for by the call", () => {
    expect(names(pinRouter("10.0.0.3:7000").route(callInfo(), view))).to.equal("c");
    const debugPin = pinRouter((call) => call.metadata["x-debug-pin"]);
    expect(debugPin.route(callInfo(), view)).to.equal(view); // calls that do not ask are not pinned
    expect(names(debugPin.route(callInfo(undefined, { "x-debug-pin": "10.0.0.5:7000" }), view))).to.equal("e");
    expect(debugPin.describe!(callInfo(undefined, { "x-debug-pin": "10.9.9.9:1" }))).to.equal("pin{10.9.9.9:1}");
  });

  it("route tag: tagged calls go to instances labelled with the tag's value, untagged calls to unlabelled ones", () => {
    const env = routeTagRouter("env");
    const loadtest = callInfo(undefined, { [routeTagKey("env")]: "loadtest" });
    expect(names(env.route(loadtest, view))).to.equal("de");
    expect(names(env.route(callInfo(undefined, { [routeTagKey("env")]: "prod" }), view))).to.equal("abc");
    expect(names(env.route(callInfo(), view))).to.equal("f"); // no env label
    expect(env.describe!(loadtest)).to.equal("tag{env=loadtest}");
    // A label of another name.
    expect(names(routeTagRouter("tier", { label: "pool" }).route(callInfo(undefined, { "rpcgen-route-tier": "vip" }), view)))
      .to.equal("cf");
  });

  it("returns the same array for the same view (the balancer's per-view state survives), and the input when nothing is removed", () => {
    const canary = groupRouter("canary");
    const first = canary.route(callInfo(), view);
    expect(canary.route(callInfo(), view)).to.equal(first);
    expect(Object.isFrozen(first)).to.equal(true);
    const env = routeTagRouter("env");
    const tagged = callInfo(undefined, { "rpcgen-route-env": "loadtest" });
    const a = env.route(tagged, view);
    env.route(callInfo(), view); // another value in between
    expect(env.route(tagged, view)).to.equal(a);
    expect(labelsRouter({}).route(callInfo(), view)).to.equal(view);
    // A new view gives a new result.
    const next = fleet();
    expect(canary.route(callInfo(), next)).not.to.equal(first);
    expect(names(canary.route(callInfo(), next))).to.equal("ad");
  });
});
