/** Round robin and smooth weighted round robin: exact sequences. */
import { expect } from "chai";
import { RoundRobinBalancer } from "../../../runtime/balancer/round-robin-balancer.js";
import { WeightedRoundRobinBalancer } from "../../../runtime/balancer/weighted-round-robin.js";
import type { Balancer } from "../../../runtime/balancer/balancer.js";
import type { Instance } from "../../../runtime/registry/registry.js";
import { callInfo, instances, nameOf } from "../../helpers/balancing.js";

function sequence(balancer: Balancer, list: readonly Instance[], picks: number): string {
  let out = "";
  for (let i = 0; i < picks; i++) out += nameOf(balancer.pick(list, callInfo())!.instance);
  return out;
}

describe("round robin", () => {
  it("visits every instance in turn from a random start", () => {
    const list = instances(4);
    expect(sequence(new RoundRobinBalancer({ random: () => 0 }), list, 9)).to.equal("abcdabcda");
    expect(sequence(new RoundRobinBalancer({ random: () => 0.6 }), list, 9)).to.equal("cdabcdabc");
  });

  it("clients created together start on different instances (default source, drawn per balancer)", () => {
    const list = instances(10);
    const starts = new Set<string>();
    for (let k = 0; k < 50; k++) starts.add(sequence(new RoundRobinBalancer(), list, 1));
    // 50 uniform starts over 10 instances cover fewer than 5 with probability below 1e-20.
    expect(starts.size).to.be.at.least(5);
  });

  it("keeps its cursor while the array is the same and restarts when the view changes", () => {
    const draws = [0, 0.5];
    const rr = new RoundRobinBalancer({ random: () => draws.shift()! });
    const list = instances(4);
    expect(sequence(rr, list, 3)).to.equal("abc");
    expect(sequence(rr, list, 2)).to.equal("da");
    expect(sequence(rr, instances(4), 2)).to.equal("cd"); // a new array: new random start
  });
});

describe("smooth weighted round robin", () => {
  it("weights 5,1,1 give exactly the nginx sequence a a b a c a a, repeated", () => {
    const swrr = new WeightedRoundRobinBalancer();
    const list = instances(3, [5, 1, 1]);
    expect(sequence(swrr, list, 14)).to.equal("aabacaa".repeat(2));
  });

  it("shares follow the weights over a long run and spread the heavy instance out", () => {
    const list = instances(3, [300, 200, 100]);
    const seq = sequence(new WeightedRoundRobinBalancer(), list, 600);
    expect([...seq].filter((c) => c === "a").length).to.equal(300);
    expect([...seq].filter((c) => c === "b").length).to.equal(200);
    expect(seq).not.to.contain("aaa"); // plain weighted RR would give aaabbc
  });

  it("equal or all-zero weights degrade to plain rotation", () => {
    expect(sequence(new WeightedRoundRobinBalancer(), instances(3, [0, 0, 0]), 6)).to.equal("abcabc");
    expect(sequence(new WeightedRoundRobinBalancer(), instances(3), 6)).to.equal("abcabc");
  });

  it("a weight-0 instance gets nothing while another has weight", () => {
    expect(sequence(new WeightedRoundRobinBalancer(), instances(3, [1, 0, 1]), 6)).to.equal("acacac");
  });
});
