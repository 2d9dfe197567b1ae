/**
 * Compiler benchmark: 200 files, 2,000 structs, 200 services (with imports
 * and service inheritance between files) through compile() end to end
 * (parse, check, emit), in process; prints the median of 3 runs.
 * Target: under 3 s on a 2-core machine. Then a table of pathological
 * inputs (pathological.ts), each timed once.
 *
 * `npm run bench:compiler` (or `node dist/bench/compiler/run.js [--runs N] [--profile]`).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compile } from "../../compiler/index.js";
import { DEFAULT_SHAPE, writeCorpus } from "./corpus.js";
import { runPathological } from "./pathological-table.js";

const TARGET_MS = 3000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function main(): void {
  // `--case NAME` (repeatable): only those pathological inputs, no corpus run.
  const only = process.argv.flatMap((a, i) => (process.argv[i - 1] === "--case" ? [a] : []));
  if (only.length > 0) {
    runPathological(only);
    return;
  }
  const runsArg = process.argv.indexOf("--runs");
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rpcgen-bench-compiler-"));
  try {
    const { structs, services } = writeCorpus(dir);
    const times: number[] = [];
    let generatedBytes = 0;
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      const result = compile([dir], { outDir: path.join(dir, "out") });
      times.push(performance.now() - started);
      const errors = result.diagnostics.filter((d) => d.category === "error");
      if (errors.length > 0) throw new Error(`the corpus does not compile: ${errors[0]!.code} ${errors[0]!.message}`);
      generatedBytes = result.files.reduce((n, f) => n + f.text.length, 0);
    }
    const med = median(times);
    console.log(
      `compiler: ${DEFAULT_SHAPE.files} files, ${structs} structs, ${services} services -> ${(generatedBytes / 1e6).toFixed(1)} MB of TypeScript`,
    );
    console.log(`compile() median of ${runs}: ${med.toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(", ")} ms; target < ${TARGET_MS} ms)`);
    if (med > TARGET_MS) process.exitCode = 1;
    runPathological();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
