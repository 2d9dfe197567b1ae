/**
 * Least active and P2C-EWMA learn from done(): a closed-loop load on a
 * virtual clock, one instance slow (or failing), and the share of picks that
 * instance gets. Round robin on the same load is the control: it keeps 1/3.
 */
import { expect } from "chai";
import type { Balancer, Picked } from "../../../runtime/balancer/balancer.js";
import { LeastActiveBalancer } from "../../../runtime/balancer/least-active.js";
import { P2cEwmaBalancer } from "../../../runtime/balancer/p2c-ewma.js";
import { RoundRobinBalancer } from "../../../runtime/balancer/round-robin-balancer.js";
import {
  callInfo,
  chiSquare,
  countPicks,
  instances,
  seededRandom,
  simulate,
  type SimulatedInstance,
} from "../../helpers/balancing.js";

const SLOW: SimulatedInstance[] = [{ latencyMs: 50 }, { latencyMs: 5 }, { latencyMs: 5 }];
const FAILING: SimulatedInstance[] = [{ latencyMs: 5, errorRate: 0.5 }, { latencyMs: 5 }, { latencyMs: 5 }];

/** Share of 20,000 calls (8 in flight; 12.5 s of virtual time for the fast ones, over ten decay constants) that went to instance a. */
function shareOfA(make: (clock: { now: number }) => Balancer, behaviour: SimulatedInstance[], seed = 1): number {
  const clock = { now: 0 };
  const counts = simulate(make(clock), instances(3), behaviour, clock, {
    concurrency: 8,
    calls: 20_000,
    random: seededRandom(seed),
  });
  return counts[0]! / 20_000;
}

describe("balancers that learn from done()", () => {
  it("control: round robin keeps sending a third of the calls to the slow instance", () => {
    expect(shareOfA(() => new RoundRobinBalancer({ random: () => 0 }), SLOW)).to.be.within(0.33, 0.34);
  });

  it("least active sends under 10 % of the calls to an instance 10x slower than the others", () => {
    expect(shareOfA(() => new LeastActiveBalancer({ random: seededRandom(2) }), SLOW)).to.be.below(0.1);
  });

  it("P2C-EWMA sends under 10 % of the calls to an instance 10x slower than the others", () => {
    const share = shareOfA(() => new P2cEwmaBalancer({ random: seededRandom(3) }), SLOW);
    expect(share).to.be.below(0.1);
  });

  it("P2C-EWMA sends under 10 % of the calls to an instance failing half its calls as fast as the others answer", () => {
    const share = shareOfA(() => new P2cEwmaBalancer({ random: seededRandom(4) }), FAILING);
    expect(share).to.be.below(0.1);
  });

  it("P2C-EWMA tries a once-slow instance again after enough picks elsewhere (estimates decay)", () => {
    /** Picks a (answering in 500 ms once seen slow) gets in 20, then 200 more picks; b and c answer in 5 ms. */
    const scenario = (decayPicks: number): [number, number] => {
      const p2c = new P2cEwmaBalancer({ random: seededRandom(5), decayPicks });
      const list = instances(3);
      const answer = (p: Picked): Picked => (p.done!(undefined, p.instance === list[0] ? 500 : 5), p);
      while (answer(p2c.pick(list, callInfo())!).instance !== list[0]);
      const run = (picks: number): number => {
        let toSlow = 0;
        for (let i = 0; i < picks; i++) if (answer(p2c.pick(list, callInfo())!).instance === list[0]) toSlow++;
        return toSlow;
      };
      return [run(20), run(200)];
    };
    // With estimates that age (a's 500 ms peak falls below b's 6 after ~92 picks), a is retried.
    const [soon, later] = scenario(20);
    expect(soon).to.equal(0);
    expect(later).to.be.above(0);
    // Control: estimates that never age starve a forever.
    expect(scenario(1e12)).to.deep.equal([0, 0]);
  });

  it("least active: a pick counts as in flight until done(), and the count is per instance across views", () => {
    const la = new LeastActiveBalancer({ random: () => 0 });
    const list = instances(2);
    const first = la.pick(list, callInfo())!;
    const second = la.pick(list, callInfo())!;
    expect(second).not.to.equal(first); // first has one in flight
    // A router narrowed the view to a copy: same node, same count.
    const sub = [first.instance, second.instance];
    const third = la.pick(sub, callInfo())!;
    third.done!(undefined, 1);
    first.done!(undefined, 1);
    expect(la.pick(sub, callInfo())).to.equal(first);
  });

  it("least active: ties between idle instances are drawn by weight (300:100 gives about 3:1)", () => {
    const counts = countPicks(new LeastActiveBalancer({ random: seededRandom(6) }), instances(2, [300, 100]), 40_000);
    const { statistic, bound } = chiSquare(counts, [0.75, 0.25]);
    expect(statistic).to.be.below(bound);
  });
});
