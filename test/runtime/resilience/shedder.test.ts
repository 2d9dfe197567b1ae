import { expect } from "chai";
import { Shedder } from "../../../runtime/resilience/shedder.js";
import { FakeClock } from "../../helpers/fake-clock.js";

/** A shedder on a fake clock and a fake CPU, warmed up to 10 calls per 100 ms bucket at 50 ms: capacity 5. */
function warmed() {
  const clock = new FakeClock();
  let cpu = 0.5;
  const shedder = new Shedder({ clock, cpu: () => cpu });
  for (let bucket = 0; bucket < 10; bucket++) {
    clock.set(bucket * 100);
    for (let i = 0; i < 10; i++) expect(shedder.admit()).to.equal(0);
    clock.set(bucket * 100 + 50);
    for (let i = 0; i < 10; i++) shedder.done(50);
  }
  clock.set(1000);
  return { clock, shedder, setCpu: (v: number) => (cpu = v) };
}

function admitUntilShed(shedder: Shedder, limit = 1000): number {
  let n = 0;
  while (n < limit && shedder.admit() === 0) n++;
  return n;
}

describe("Shedder (BBR-like)", () => {
  it("measures capacity as max pass per bucket x min latency: 10 x 50 ms / 100 ms = 5", () => {
    const { shedder } = warmed();
    expect(shedder.capacity()).to.equal(5);
  });

  it("never sheds while the CPU is below the threshold and no drop happened", () => {
    const { shedder } = warmed();
    expect(admitUntilShed(shedder, 50)).to.equal(50);
  });

  it("caps in-flight at the capacity once the CPU is busy, hinting the min latency", () => {
    const { shedder, setCpu } = warmed();
    setCpu(0.9);
    expect(admitUntilShed(shedder)).to.equal(5);
    expect(shedder.admit()).to.equal(50);
    shedder.done(50);
    expect(shedder.admit()).to.equal(0); // a slot freed
    expect(shedder.admit()).to.equal(50);
  });

  it("keeps checking capacity for 1 s after a drop starts, even with a calm CPU", () => {
    const { shedder, setCpu, clock } = warmed();
    setCpu(0.9);
    admitUntilShed(shedder); // the drop starts at t = 1000
    setCpu(0.1);
    clock.set(1500);
    expect(shedder.admit()).to.equal(50);
    clock.set(2000);
    expect(shedder.admit()).to.equal(50);
    clock.set(2001);
    expect(shedder.admit()).to.equal(0); // cool-off over
    expect(shedder.inFlight).to.equal(6);
  });

  it("without history lets 2 calls in flight when the CPU is busy", () => {
    const clock = new FakeClock();
    const shedder = new Shedder({ clock, cpu: () => 1 });
    expect(shedder.capacity()).to.equal(0);
    expect(admitUntilShed(shedder)).to.equal(2);
  });

  it("forgets measurements older than the window", () => {
    const { shedder, clock, setCpu } = warmed();
    clock.set(10_950); // every warm-up bucket slid out
    setCpu(0.9);
    expect(shedder.capacity()).to.equal(0);
    expect(admitUntilShed(shedder)).to.equal(2);
  });
});
