import { expect } from "chai";
import { CpuSampler, cpuFraction, loadAverageSignal } from "../../../runtime/resilience/cpu.js";
import { FakeClock } from "../../helpers/fake-clock.js";

describe("CPU signals", () => {
  it("cpuFraction() is CPU time over wall time, clamped to 0..1", () => {
    expect(cpuFraction(250_000, 1_000_000)).to.equal(0.25);
    expect(cpuFraction(3_000_000, 1_000_000)).to.equal(1);
    expect(cpuFraction(-5, 1_000_000)).to.equal(0);
    expect(cpuFraction(5, 0)).to.equal(0);
  });

  it("CpuSampler smooths samples with a moving average", () => {
    const clock = new FakeClock();
    let used = 0;
    const sampler = new CpuSampler({ intervalMs: 0, decay: 0.5, clock, usage: () => used });
    clock.advance(100);
    used += 100_000; // 100 ms of CPU in 100 ms: busy
    sampler.tick();
    expect(sampler.read()).to.equal(0.5);
    clock.advance(100);
    used += 100_000;
    sampler.tick();
    expect(sampler.read()).to.equal(0.75);
    clock.advance(100);
    sampler.tick(); // idle
    expect(sampler.read()).to.equal(0.375);
    sampler.close();
  });

  it("the real sampler and load average give values in 0..1", () => {
    const sampler = new CpuSampler({ intervalMs: 0 });
    for (let i = 0, x = 0; i < 1e5; i++) x += i; // some work between samples
    sampler.tick();
    expect(sampler.read()).to.be.within(0, 1);
    sampler.close();
    expect(loadAverageSignal()).to.be.within(0, 1);
  });
});
