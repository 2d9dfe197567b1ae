/** Route tags: the reserved prefix and the pure helpers the server context will use to propagate them. */
import { expect } from "chai";
import {
  isRouteTagKey,
  ROUTE_TAG_PREFIX,
  routeTag,
  routeTagKey,
  routeTags,
} from "../../../runtime/router/route-tags.js";

describe("route tags", () => {
  it("live under the reserved prefix rpcgen-route-", () => {
    expect(ROUTE_TAG_PREFIX).to.equal("rpcgen-route-");
    expect(routeTagKey("env")).to.equal("rpcgen-route-env");
    expect(isRouteTagKey("rpcgen-route-env")).to.equal(true);
    expect(isRouteTagKey("x-rpcgen-route-env")).to.equal(false);
    expect(isRouteTagKey("rpcgen-trace")).to.equal(false);
  });

  it("routeTags extracts exactly the tag entries, keys unchanged", () => {
    const metadata = { "rpcgen-route-env": "loadtest", "x-user": "42", "rpcgen-route-tier": "vip", authorization: "t" };
    expect(routeTags(metadata)).to.deep.equal({ "rpcgen-route-env": "loadtest", "rpcgen-route-tier": "vip" });
    expect(routeTag(metadata, "env")).to.equal("loadtest");
    expect(routeTag(metadata, "zone")).to.equal(undefined);
  });

  it("an untagged call shares one frozen empty result (nothing allocated)", () => {
    const empty = routeTags({ "x-user": "42" });
    expect(empty).to.deep.equal({});
    expect(Object.isFrozen(empty)).to.equal(true);
    expect(routeTags({})).to.equal(empty);
  });
});
