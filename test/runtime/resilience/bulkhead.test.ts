import { expect } from "chai";
import { RpcError } from "../../../runtime/errors.js";
import { Bulkhead } from "../../../runtime/resilience/bulkhead.js";

describe("Bulkhead", () => {
  it("never lets an 11th call run while 10 are held", () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 10 });
    for (let i = 0; i < 10; i++) expect(bulkhead.tryAcquire("get")).to.equal(true);
    for (let i = 0; i < 100; i++) expect(bulkhead.tryAcquire("get")).to.equal(false);
    expect(bulkhead.inUse("get")).to.equal(10);
    bulkhead.release("get");
    expect(bulkhead.tryAcquire("get")).to.equal(true);
    expect(bulkhead.tryAcquire("get")).to.equal(false);
  });

  it("counts each key on its own", () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 1 });
    expect(bulkhead.tryAcquire("a")).to.equal(true);
    expect(bulkhead.tryAcquire("b")).to.equal(true);
    expect(bulkhead.tryAcquire("a")).to.equal(false);
    bulkhead.release("a");
    expect(bulkhead.inUse("a")).to.equal(0);
  });

  it("refuses a release without a held slot, saying how to fix the caller", () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 2 });
    expect(() => bulkhead.release("a")).to.throw(RpcError, /release once per successful tryAcquire/);
    expect(() => new Bulkhead({ maxConcurrent: 0 })).to.throw(RangeError, /maxConcurrent/);
  });
});
