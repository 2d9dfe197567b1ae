import { expect } from "chai";
import { Code } from "../../../runtime/codes.js";
import { RpcError } from "../../../runtime/errors.js";
import { isRefusal, ServerAdmission, type Ticket } from "../../../runtime/resilience/admission.js";
import { TokenBucket } from "../../../runtime/resilience/limiter/token-bucket.js";
import { retryAfterOf } from "../../../runtime/resilience/rejection.js";
import { Shedder } from "../../../runtime/resilience/shedder.js";
import { FakeClock } from "../../helpers/fake-clock.js";
import { method } from "./targets.js";

const get = method("get");
const put = method("put");

function ticket(result: Ticket | RpcError): Ticket {
  if (isRefusal(result)) throw result;
  return result;
}

describe("ServerAdmission", () => {
  it("rate-limits per method: RESOURCE_EXHAUSTED, not processed, retry-after in the details", () => {
    const clock = new FakeClock();
    const admission = new ServerAdmission({ limiter: () => new TokenBucket({ limit: 10, burst: 2, clock }) });
    ticket(admission.admit(get, 0));
    ticket(admission.admit(get, 0));
    const refused = admission.admit(get, 0);
    expect(isRefusal(refused)).to.equal(true);
    const error = refused as RpcError;
    expect([error.code, error.notProcessed, error.details["reason"], retryAfterOf(error)]).to.deep.equal([
      Code.RESOURCE_EXHAUSTED,
      true,
      "rate-limited",
      100,
    ]);
    expect(error.message).to.match(/rate limit of test\.Svc\.get reached: retry after 100 ms/);
    ticket(admission.admit(put, 0)); // its own bucket
  });

  it("per service: methods share one limiter", () => {
    const clock = new FakeClock();
    const admission = new ServerAdmission({ limiter: () => new TokenBucket({ limit: 10, burst: 2, clock }), scope: "service" });
    ticket(admission.admit(get, 0));
    ticket(admission.admit(put, 0));
    expect(isRefusal(admission.admit(put, 0))).to.equal(true);
  });

  it("never runs an 11th call of a method with 10 running", () => {
    const admission = new ServerAdmission({ maxConcurrent: 10 });
    const held = Array.from({ length: 10 }, () => ticket(admission.admit(get, 0)));
    for (let i = 0; i < 5; i++) expect((admission.admit(get, 10) as RpcError).details["reason"]).to.equal("bulkhead-full");
    held[0]!.done(undefined, 1);
    ticket(admission.admit(get, 10));
  });

  it("sheds when the CPU is busy and feeds completions back to the shedder", () => {
    const clock = new FakeClock();
    let cpu = 0.95;
    const admission = new ServerAdmission({ shedder: () => new Shedder({ clock, cpu: () => cpu }) });
    const a = ticket(admission.admit(get, 0));
    ticket(admission.admit(get, 1));
    const shed = admission.admit(get, 2) as RpcError;
    expect([shed.code, shed.notProcessed, shed.details["reason"]]).to.deep.equal([Code.RESOURCE_EXHAUSTED, true, "shed"]);
    a.done(undefined, 7);
    ticket(admission.admit(get, 1));
    cpu = 0.1;
    clock.advance(5000); // past the cool-off
    ticket(admission.admit(get, 2));
  });

  it("hands out the same ticket object for every call of a key (nothing allocated per call)", () => {
    const admission = new ServerAdmission({ limiter: () => new TokenBucket({ limit: 1e9, clock: new FakeClock() }) });
    const first = ticket(admission.admit(get, 0));
    first.done(undefined, 1);
    expect(ticket(admission.admit(get, 0))).to.equal(first);
  });
});
