/**
 * The benchmark's own parts that can be wrong without any timing involved:
 * flag parsing, job selection, medians, the ceiling's framing, ratios and
 * target checks, and the profile summariser.
 */
import { expect } from "chai";
import fc from "fast-check";
import { Packr } from "msgpackr";
import { parseOptions, type BenchOptions } from "../../bench/options.js";
import { selectJobs, wantsCodec } from "../../bench/scenarios.js";
import { median, round } from "../../bench/stats.js";
import { FrameReader, packFrame } from "../../bench/peers/ceiling-framing.js";
import { aggregate, checkTargets, computeRatios, renderMarkdown, type BenchReport } from "../../bench/report.js";
import type { RunFigures } from "../../bench/orchestrate.js";
import { analyzeProfile } from "../../bench/profile.js";
import { echoes, makeItem, makeItems, LARGE_POOL_SIZE, POOL_SIZE } from "../../bench/payload.js";

function opts(argv: string[]): BenchOptions {
  const o = parseOptions(argv);
  if (o === "help") throw new Error("unexpected help");
  return o;
}

describe("bench harness", () => {
  describe("options", () => {
    it("uses 2 s warm-up, 5 s measure, 3 rounds and writes results for a full run", () => {
      const o = opts([]);
      expect([o.warmupS, o.durationS, o.repeat, o.write, o.quick]).to.deep.equal([2, 5, 3, true, false]);
    });
    it("shortens everything in --quick mode and does not overwrite results", () => {
      const o = opts(["--quick"]);
      expect(o.warmupS + o.durationS).to.be.below(3);
      expect([o.repeat, o.write]).to.deep.equal([1, false]);
    });
    it("splits --only lists and rejects unknown names and bad numbers", () => {
      expect(opts(["--only", "ceiling,rpcgen:small-16", "--only", "codec"]).only).to.deep.equal(["ceiling", "rpcgen:small-16", "codec"]);
      expect(() => opts(["--only", "grcp"])).to.throw(/unknown --only value "grcp"/);
      expect(() => opts(["--duration", "0"])).to.throw(/--duration/);
      expect(() => opts(["--repeat", "1.5"])).to.throw(/--repeat/);
      expect(() => opts(["--bogus"])).to.throw();
      expect(parseOptions(["--help"])).to.equal("help");
    });
  });

  describe("job selection", () => {
    const names = (only: string[]): string[] => selectJobs(only).map((j) => `${j.contender}:${j.scenario.name}`);
    it("runs every contender on every scenario, and oneway only for rpcgen", () => {
      const all = names([]);
      expect(all).to.have.length(25);
      expect(all.filter((n) => n.endsWith("oneway-128"))).to.deep.equal(["rpcgen:oneway-128"]);
    });
    it("runs rpcgen with admission and with a client breaker right after plain rpcgen, at 16 and 128 in flight only", () => {
      expect(names(["rpcgen-admission"])).to.deep.equal(["rpcgen-admission:small-16", "rpcgen-admission:small-128"]);
      expect(names(["rpcgen-breaker"])).to.deep.equal(["rpcgen-breaker:small-16", "rpcgen-breaker:small-128"]);
      expect(names(["small-16"]).slice(0, 3)).to.deep.equal(["rpcgen:small-16", "rpcgen-admission:small-16", "rpcgen-breaker:small-16"]);
    });
    it("filters by contender, scenario, or pair; codec alone runs no jobs", () => {
      expect(names(["ceiling"])).to.deep.equal(["ceiling:small-1", "ceiling:small-16", "ceiling:small-128", "ceiling:large-16"]);
      expect(names(["small-1"])).to.deep.equal(["rpcgen:small-1", "grpc:small-1", "ceiling:small-1"]);
      expect(names(["grpc:large-16"])).to.deep.equal(["grpc:large-16"]);
      expect(names(["codec"])).to.deep.equal([]);
      expect([wantsCodec([]), wantsCodec(["codec"]), wantsCodec(["ceiling"])]).to.deep.equal([true, true, false]);
    });
  });

  describe("stats", () => {
    it("takes medians of odd and even counts without reordering the input", () => {
      const input = [5, 1, 3];
      expect(median(input)).to.equal(3);
      expect(input).to.deep.equal([5, 1, 3]);
      expect(median([4, 1, 3, 2])).to.equal(2.5);
      expect(Number.isNaN(median([]))).to.equal(true);
    });
    it("rounds to significant digits", () => {
      expect(round(123_456, 3)).to.equal(123_000);
      expect(round(0.0123456, 3)).to.equal(0.0123);
      expect(round(0)).to.equal(0);
    });
  });

  describe("ceiling framing", () => {
    it("reads every frame back under any split of the stream", () => {
      const packr = new Packr({ useRecords: false });
      fc.assert(
        fc.property(
          fc.array(fc.record({ id: fc.integer({ min: 0, max: 0xffffffff }), value: fc.oneof(fc.string({ maxLength: 300 }), fc.integer(), fc.array(fc.string())) }), { minLength: 1, maxLength: 20 }),
          fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 50 }),
          (frames, cuts) => {
            const stream = Buffer.concat(frames.map((f) => Buffer.from(packFrame(packr, f.id, f.value))));
            const seen: { id: number; value: unknown }[] = [];
            const reader = new FrameReader((id, body) => seen.push({ id, value: packr.unpack(body) as unknown }));
            let off = 0;
            for (let i = 0; off < stream.length; i++) {
              const len = cuts[i % cuts.length]!;
              reader.push(stream.subarray(off, off + len));
              off += len;
            }
            expect(seen).to.deep.equal(frames);
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  describe("payload", () => {
    it("pads the name to the asked size and recognises an echo with any id type", () => {
      const item = makeItem(5, 16 * 1024);
      expect(Buffer.byteLength(item.name)).to.equal(16 * 1024);
      expect(echoes(item, { ...item, id: BigInt(item.id) })).to.equal(true);
      expect(echoes(item, { ...item, tags: item.tags.slice(1) })).to.equal(false);
      expect(echoes(item, { ...item, score: 0 })).to.equal(false);
      expect(echoes(item, undefined)).to.equal(false);
    });
    it("builds pools of distinct requests (names and ids never repeat, tags from a small vocabulary)", () => {
      const small = makeItems();
      expect(small).to.have.length(POOL_SIZE);
      expect(new Set(small.map((i) => i.name)).size).to.equal(POOL_SIZE);
      expect(new Set(small.map((i) => i.id)).size).to.equal(POOL_SIZE);
      expect(small.every((i) => i.id > 2 ** 32 && Number.isSafeInteger(i.id))).to.equal(true);
      expect(new Set(small.flatMap((i) => i.tags)).size).to.be.at.most(16);
      expect(small.every((i) => i.tags.length === 3 && Buffer.byteLength(i.name) < 16)).to.equal(true);
      const large = makeItems(16 * 1024);
      expect(large).to.have.length(LARGE_POOL_SIZE);
      expect(large.every((i) => i.name.length === 16 * 1024)).to.equal(true);
      expect(new Set(large.map((i) => i.name)).size).to.equal(LARGE_POOL_SIZE);
    });
  });

  describe("report", () => {
    const run = (callsPerSec: number, p99Ms: number, rss = 50): RunFigures => ({
      callsPerSec, p50Ms: p99Ms / 2, p99Ms, maxMs: p99Ms * 2, serverPeakRssMb: rss, clientCpuUsPerCall: 5, serverCpuUsPerCall: 4, clientSysUsPerCall: 2, serverSysUsPerCall: 1, clientGcPct: 3, serverGcPct: 2, clientLoopDelayMaxMs: 12, errors: 0,
    });
    const results: BenchReport["results"] = {
      rpcgen: { "small-16": aggregate([run(60_000, 0.5), run(50_000, 0.7), run(70_000, 0.6)]), "oneway-128": aggregate([run(300_000, 1)]) },
      "rpcgen-admission": { "small-16": aggregate([run(58_000, 0.6)]) },
      grpc: { "small-16": aggregate([run(6_000, 9, 120)]), "small-128": aggregate([run(7_000, 30, 130)]) },
      ceiling: { "small-16": aggregate([run(100_000, 0.25)]), "small-128": aggregate([run(250_000, 1)]) },
    };
    it("aggregates rounds into medians", () => {
      expect(results.rpcgen!["small-16"]!.callsPerSec).to.equal(60_000);
      expect(results.rpcgen!["small-16"]!.p99Ms).to.equal(0.6);
      expect(results.rpcgen!["small-16"]!.rounds).to.have.length(3);
    });
    it("computes ratios against the same run, oneway against unary small-128", () => {
      const ratios = computeRatios(results);
      expect(ratios["small-16"]).to.deep.equal({ rpcgenOverGrpc: 10, rpcgenOverCeiling: 0.6 });
      expect(ratios["oneway-128"]).to.deep.equal({ rpcgenOverGrpc: 42.9, rpcgenOverCeiling: 1.2 });
    });
    it("renders the tables, and lists failed runs under them", () => {
      const report: BenchReport = {
        date: "2026-01-01T00:00:00.000Z",
        machine: { cpuModel: "cpu", cores: 2, memoryGb: 4, os: "linux", node: "v20" },
        settings: { quick: false, warmupS: 2, durationS: 5, repeat: 3 },
        scenarios: [],
        results,
        ratios: computeRatios(results),
        targets: checkTargets(results, undefined),
        failures: ["rpcgen:oneway-128 (round 1): no \"result\" from the worker within 67000 ms\nstack"],
      };
      const md = renderMarkdown(report);
      expect(md).to.contain("| small payload, 16 in flight | rpcgen | 60,000 |");
      expect(md).to.contain("| small-16 | 10 | 0.6 |");
      expect(md).to.contain("**Failed runs**");
      expect(md).to.contain("- rpcgen:oneway-128 (round 1): no \"result\" from the worker within 67000 ms\n");
      expect(md).to.not.contain("stack");
    });
    it("checks the issue's targets and says which ones fail", () => {
      const checks = checkTargets(results, { note: "", rows: [{ codec: "rpcgen", detail: "", opsPerSec: 1, bytes: 1 }, { codec: "protobufjs", detail: "", opsPerSec: 2, bytes: 1 }] });
      const byName = new Map(checks.map((c) => [c.target, c.pass]));
      expect(byName.get("small-16: rpcgen >= 50 % of the ceiling's calls/s")).to.equal(true);
      expect(byName.get("small-16: rpcgen p99 <= 2x the ceiling's")).to.equal(false);
      expect(byName.get("small-16: rpcgen p99 < grpc-js's")).to.equal(true);
      expect(byName.get("oneway-128: rpcgen oneway >= the ceiling's unary calls/s at 128")).to.equal(true);
      expect(byName.get("small-16: rpcgen server peak RSS <= grpc-js's")).to.equal(true);
      // 58 000 / 60 000 = 96.7 %: within the 95 % the governance features may cost.
      expect(byName.get("small-16: rpcgen with a server limiter that never trips >= 95 % of rpcgen's calls/s")).to.equal(true);
      expect(byName.get("codec: rpcgen encode+decode ops/s >= protobufjs's")).to.equal(false);
      expect([...byName.keys()].some((k) => k.startsWith("small-1:"))).to.equal(false); // not run: not judged
    });
  });

  describe("profile summary", () => {
    it("splits sampled time into self and inclusive time per function, recursion counted once", () => {
      const frame = (functionName: string, url = "file:///x/dist/runtime/client/channel.js") => ({ functionName, url, lineNumber: 0 });
      const profile = {
        nodes: [
          { id: 1, callFrame: frame("(root)", ""), children: [2, 5] },
          { id: 2, callFrame: frame("unary"), children: [3] },
          { id: 3, callFrame: frame("encode"), children: [4] },
          { id: 4, callFrame: frame("unary"), children: [] },
          { id: 5, callFrame: frame("(idle)", ""), children: [] },
        ],
        samples: [2, 3, 3, 4, 5, 5],
        timeDeltas: [10, 10, 10, 10, 10, 10],
      };
      const { totalUs, self, inclusive, areas } = analyzeProfile(profile);
      expect(totalUs).to.equal(60);
      expect(self.get("unary runtime/client/channel.js:1")).to.equal(20);
      expect(self.get("encode runtime/client/channel.js:1")).to.equal(20);
      expect(inclusive.get("unary runtime/client/channel.js:1")).to.equal(40);
      expect(inclusive.get("encode runtime/client/channel.js:1")).to.equal(30);
      expect(areas.get("rpcgen runtime/client/channel")).to.equal(40);
      expect(areas.get("(idle)")).to.equal(20);
    });
  });
});

describe("bench docs table", () => {
  it("replaces only the text between the markers, and leaves a doc without them alone", async () => {
    const { replaceBetweenMarkers, START_MARKER, END_MARKER } = await import("../../bench/docs-table.js");
    const doc = `# Bench\nintro\n${START_MARKER}\nold table\n${END_MARKER}\noutro\n`;
    expect(replaceBetweenMarkers(doc, "new table\n")).to.equal(`# Bench\nintro\n${START_MARKER}\nnew table\n${END_MARKER}\noutro\n`);
    expect(replaceBetweenMarkers("# no markers\n", "x")).to.equal(undefined);
    expect(replaceBetweenMarkers(`${END_MARKER}\n${START_MARKER}`, "x")).to.equal(undefined);
  });
});
