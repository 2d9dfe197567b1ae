/**
 * The `usable` predicate (false while an instance's connection is in
 * reconnect backoff): every policy skips unusable instances while any other
 * is usable, and ignores the predicate when none is.
 */
import { expect } from "chai";
import fc from "fast-check";
import { balancerNames, createBalancer } from "../../../runtime/balancer/balancer.js";
import { ConsistentHashBalancer } from "../../../runtime/balancer/consistent-hash.js";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import type { Instance } from "../../../runtime/registry/registry.js";
import { callInfo, countPicks, instances, seededRandom } from "../../helpers/balancing.js";

const BUILT_INS = balancerNames().filter((name) => !name.startsWith("test-"));

describe("balancers honour the usable predicate", () => {
  for (const name of BUILT_INS) {
    it(`${name}: no pick goes to the two instances in backoff while the other two are usable`, () => {
      const list = instances(4, [100, 200, 300, 400]);
      const backoff = new Set<Instance>([list[1]!, list[2]!]);
      const balancer = createBalancer(name, { usable: (i) => !backoff.has(i), random: seededRandom(9) });
      const counts = countPicks(balancer, list, 2000, (i) => `key-${i}`);
      expect(counts[1]).to.equal(0);
      expect(counts[2]).to.equal(0);
      expect(counts[0]! + counts[3]!).to.equal(2000);
      expect(counts[0], "both usable instances take calls").to.be.above(0);
      expect(counts[3], "both usable instances take calls").to.be.above(0);
    });

    it(`${name}: when no instance is usable the predicate is ignored and every instance takes calls`, () => {
      const list = instances(4, [100, 200, 300, 400]);
      const balancer = createBalancer(name, { usable: () => false, random: seededRandom(10) });
      const counts = countPicks(balancer, list, 2000, (i) => `key-${i}`);
      for (const c of counts) expect(c).to.be.above(0);
    });
  }

  it("consistent-hash: keys of an instance in backoff go to other instances; no other key moves", () => {
    const list = instances(5);
    let down: Instance | undefined;
    const ring = new ConsistentHashBalancer({ usable: (i) => i !== down });
    const keys = Array.from({ length: 2000 }, (_, i) => `k${i}`);
    const owner = (key: string): Instance => ring.pick(list, callInfo(key))!.instance;
    const before = keys.map(owner);
    down = list[2];
    const after = keys.map(owner);
    keys.forEach((_, i) => {
      if (before[i] === list[2]) expect(after[i]).not.to.equal(list[2]);
      else expect(after[i]).to.equal(before[i]);
    });
    expect(before.filter((o) => o === list[2]).length).to.be.above(0);
  });

  it("consistent-hash: when only a weight-0 instance (no ring points) is usable, keyed calls go to it", () => {
    const list = instances(2, [0, 1]);
    const usable = (i: Instance) => i === list[0];
    const balancer = new ConsistentHashBalancer({ usable });
    for (const key of ["", "a", "user-42"]) expect(balancer.pick(list, callInfo(key))!.instance).to.equal(list[0]);
  });

  it("property: for any weights, usable set, view changes and feedback, no policy picks an unusable instance while one is usable", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BUILT_INS),
        fc.array(fc.record({ weight: fc.integer({ min: 0, max: 500 }), usable: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.boolean(), fc.nat(50)), { minLength: 1, maxLength: 40 }),
        fc.integer(),
        (name, specs, calls, seed) => {
          const list = instances(specs.length, specs.map((s) => s.weight));
          const down = new Set(list.filter((_, i) => !specs[i]!.usable));
          const balancer = createBalancer(name, { usable: (i) => !down.has(i), random: seededRandom(seed) });
          const anyUsable = down.size < list.length;
          let view: readonly Instance[] = list;
          for (const [key, fails, latency] of calls) {
            if (latency === 0) view = [...list]; // a new view with the same instances
            const picked = balancer.pick(view, callInfo(key))!;
            expect(list).to.include(picked.instance);
            if (anyUsable) expect(down.has(picked.instance), `${name} picked an unusable instance`).to.equal(false);
            picked.done?.(fails ? new RpcError(Code.UNAVAILABLE, "x") : undefined, latency);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
