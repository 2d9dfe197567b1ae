/** Hash and consistent hash: stickiness, spread, and how many keys move when the view changes. */
import { expect } from "chai";
import type { Balancer } from "../../../runtime/balancer/balancer.js";
import { ConsistentHashBalancer } from "../../../runtime/balancer/consistent-hash.js";
import { HashBalancer } from "../../../runtime/balancer/hash.js";
import { instanceKey, type Instance } from "../../../runtime/registry/registry.js";
import { callInfo, chiSquare, countPicks, instances, seededRandom } from "../../helpers/balancing.js";

const KEYS = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);

/** Address owning each of the 10,000 keys. */
function owners(balancer: Balancer, list: readonly Instance[]): string[] {
  return KEYS.map((key) => instanceKey(balancer.pick(list, callInfo(key))!.instance));
}

describe("hash", () => {
  it("sends a key to the same instance every time, and spreads distinct keys evenly", () => {
    const hash = new HashBalancer();
    const list = instances(5);
    const first = owners(hash, list);
    expect(owners(hash, list)).to.deep.equal(first);
    const counts = countPicks(hash, list, KEYS.length, (i) => KEYS[i]!);
    const { statistic, bound } = chiSquare(counts, counts.map(() => 1 / 5));
    expect(statistic).to.be.below(bound);
  });

  it("places calls without a key at random (spread, not all on one instance), as does consistent-hash", () => {
    for (const balancer of [new HashBalancer({ random: seededRandom(1) }), new ConsistentHashBalancer({ random: seededRandom(2) })]) {
      const counts = countPicks(balancer, instances(4), 40_000);
      const { statistic, bound } = chiSquare(counts, [0.25, 0.25, 0.25, 0.25]);
      expect(statistic).to.be.below(bound);
    }
  });

  it("moves most keys when an instance is added (why consistent-hash exists)", () => {
    const hash = new HashBalancer();
    const before = owners(hash, instances(5));
    const after = owners(hash, instances(6));
    const moved = before.filter((owner, i) => owner !== after[i]).length;
    expect(moved).to.be.above(KEYS.length / 2);
  });
});

describe("consistent hash", () => {
  it("spreads 10,000 keys over 5 instances within 20 % of a fair share each", () => {
    const counts = countPicks(new ConsistentHashBalancer(), instances(5), KEYS.length, (i) => KEYS[i]!);
    for (const c of counts) expect(c).to.be.within(1600, 2400);
  });

  for (const n of [4, 8]) {
    it(`adding a ${n + 1}th instance moves about 1/${n + 1} of 10,000 keys, all to the new one`, () => {
      const ring = new ConsistentHashBalancer();
      const list = instances(n + 1);
      const before = owners(ring, list.slice(0, n));
      const after = owners(ring, list);
      const added = instanceKey(list[n]!);
      const moved = KEYS.filter((_, i) => before[i] !== after[i]).length;
      KEYS.forEach((_, i) => {
        if (before[i] !== after[i]) expect(after[i]).to.equal(added);
      });
      const expected = KEYS.length / (n + 1);
      expect(moved).to.be.within(expected * 0.75, expected * 1.25);
    });

    it(`removing one of ${n} instances moves exactly its keys (about 1/${n}), and no other`, () => {
      const ring = new ConsistentHashBalancer();
      const list = instances(n);
      const removed = instanceKey(list[1]!);
      const before = owners(ring, list);
      const after = owners(ring, [...list.slice(0, 1), ...list.slice(2)]);
      const moved = KEYS.filter((_, i) => before[i] !== after[i]).length;
      expect(moved).to.equal(before.filter((o) => o === removed).length);
      const expected = KEYS.length / n;
      expect(moved).to.be.within(expected * 0.75, expected * 1.25);
    });
  }

  it("the ring does not depend on the order of the view", () => {
    const list = instances(6);
    expect(owners(new ConsistentHashBalancer(), [...list].reverse())).to.deep.equal(
      owners(new ConsistentHashBalancer(), list),
    );
  });

  it("weights scale an instance's share of the ring (weight 300 vs 100: about 3x the keys)", () => {
    const counts = countPicks(new ConsistentHashBalancer(), instances(3, [300, 100, 100]), KEYS.length, (i) => KEYS[i]!);
    expect(counts[0]! / counts[1]!).to.be.within(2.2, 3.8);
    expect(counts[0]! / counts[2]!).to.be.within(2.2, 3.8);
  });
});
