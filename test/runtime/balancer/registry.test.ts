/** The balancer name registry: built-ins by name, user policies, a clear error for unknown names. */
import { expect } from "chai";
import {
  balancerNames,
  createBalancer,
  registerBalancer,
  type Balancer,
} from "../../../runtime/balancer/balancer.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { callInfo, instances } from "../../helpers/balancing.js";

describe("balancer registry", () => {
  it("knows every built-in policy by name", () => {
    expect(balancerNames()).to.include.members([
      "round-robin",
      "weighted-round-robin",
      "random",
      "weighted-random",
      "hash",
      "consistent-hash",
      "least-active",
      "p2c-ewma",
    ]);
    for (const name of balancerNames()) {
      const list = instances(3);
      expect(list).to.include(createBalancer(name).pick(list, callInfo("k"))!.instance, name);
    }
  });

  it("an unknown name is INVALID_ARGUMENT listing the known names", () => {
    let error: unknown;
    try {
      createBalancer("round-robbin");
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(RpcError);
    expect((error as RpcError).code).to.equal(Code.INVALID_ARGUMENT);
    expect((error as RpcError).message).to.contain("unknown balancer 'round-robbin'");
    expect((error as RpcError).message).to.contain("round-robin, weighted-round-robin, random");
    expect((error as RpcError).message).to.contain("registerBalancer");
  });

  it("a user's balancer registers by name and receives the options", () => {
    const usable = (): boolean => true;
    let seen: unknown;
    const last: Balancer = { pick: (list) => (list.length === 0 ? undefined : { instance: list[list.length - 1]! }) };
    registerBalancer("test-last", (options) => {
      seen = options.usable;
      return last;
    });
    const list = instances(3);
    expect(createBalancer("test-last", { usable }).pick(list, callInfo())!.instance).to.equal(list[2]);
    expect(seen).to.equal(usable);
    expect(balancerNames()).to.include("test-last");
  });

  it("a name cannot be registered twice (a built-in is never replaced by accident)", () => {
    expect(() => registerBalancer("random", () => createBalancer("round-robin")))
      .to.throw(RpcError, "already registered");
  });

  it("every policy returns undefined for an empty list", () => {
    for (const name of balancerNames()) expect(createBalancer(name).pick([], callInfo("k")), name).to.equal(undefined);
  });
});
