/** Random and weighted random: shares within a chi-square bound (p = 0.001) under a seeded source. */
import { expect } from "chai";
import { RandomBalancer } from "../../../runtime/balancer/random.js";
import { WeightedRandomBalancer } from "../../../runtime/balancer/weighted-random.js";
import { chiSquare, countPicks, instances, seededRandom } from "../../helpers/balancing.js";

describe("random", () => {
  for (const n of [3, 30]) {
    it(`spreads 60,000 picks evenly over ${n} instances`, () => {
      const counts = countPicks(new RandomBalancer({ random: seededRandom(n) }), instances(n), 60_000);
      const { statistic, bound } = chiSquare(counts, counts.map(() => 1 / n));
      expect(statistic).to.be.below(bound);
    });
  }

  it("the bound catches a skew: the same counts fail against 40/30/30", () => {
    const counts = countPicks(new RandomBalancer({ random: seededRandom(7) }), instances(3), 60_000);
    const { statistic, bound } = chiSquare(counts, [0.4, 0.3, 0.3]);
    expect(statistic).to.be.above(bound);
  });
});

describe("weighted random", () => {
  it("weights 5,1,1 give shares 5/7, 1/7, 1/7", () => {
    const counts = countPicks(new WeightedRandomBalancer({ random: seededRandom(1) }), instances(3, [5, 1, 1]), 70_000);
    const { statistic, bound } = chiSquare(counts, [5 / 7, 1 / 7, 1 / 7]);
    expect(statistic).to.be.below(bound);
  });

  it("weights 100,300,0,600 give shares 0.1, 0.3, 0, 0.6 (weight 0 never picked)", () => {
    const counts = countPicks(
      new WeightedRandomBalancer({ random: seededRandom(2) }),
      instances(4, [100, 300, 0, 600]),
      50_000,
    );
    expect(counts[2]).to.equal(0);
    const { statistic, bound } = chiSquare([counts[0]!, counts[1]!, counts[3]!], [0.1, 0.3, 0.6]);
    expect(statistic).to.be.below(bound);
  });

  it("all weights 0: equal shares rather than no instance", () => {
    const counts = countPicks(new WeightedRandomBalancer({ random: seededRandom(3) }), instances(3, [0, 0, 0]), 30_000);
    const { statistic, bound } = chiSquare(counts, [1 / 3, 1 / 3, 1 / 3]);
    expect(statistic).to.be.below(bound);
  });
});
