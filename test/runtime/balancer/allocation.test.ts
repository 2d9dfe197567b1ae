/**
 * A pick on a known view allocates nothing, for every policy, feedback
 * (done) included, on the skip path too: over 200,000 picks (best of three
 * rounds) the heap grows by less than half a byte per pick, where one object
 * per pick would be 12 bytes or more, and no collection runs meanwhile.
 */
import { expect } from "chai";
import { measureAllocation } from "../../../bench/alloc-meter.js";
import { balancerNames, createBalancer } from "../../../runtime/balancer/balancer.js";
import { callInfo, instances } from "../../helpers/balancing.js";

describe("balancer picks allocate nothing", function () {
  this.timeout(60_000);
  const keyed = callInfo("user-42");
  for (const name of balancerNames().filter((n) => !n.startsWith("test-"))) {
    for (const n of [3, 30]) {
      it(`${name} over ${n} instances`, async () => {
        const list = instances(n, Array.from({ length: n }, (_, i) => 100 + 10 * i));
        let unusable = list[1];
        const balancer = createBalancer(name, { usable: (i) => i !== unusable });
        const { bytesPerOp, iterations } = await measureAllocation(() => {
          const picked = balancer.pick(list, keyed)!;
          picked.done?.(undefined, 3);
          unusable = picked.instance; // exercise the skip path too
        }, 200_000);
        expect(iterations, "collections kept interrupting the loop").to.be.at.least(20_000);
        expect(bytesPerOp).to.be.below(0.5); // the smallest object is 12+ bytes
      });
    }
  }
});
