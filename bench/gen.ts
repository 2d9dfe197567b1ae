/**
 * Generates the rpcgen peer's code with the real CLI from bench/idl/bench.idl
 * into .out/bench-gen/ and transpiles it to JavaScript beside it, so the
 * workers import exactly what a user would get.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { benchGenRoot, benchIdl, GEN_MODULE_ENV, repoRoot } from "./paths.js";

/**
 * Runs `rpcgen -o .out/bench-gen/run-XXXX bench/idl/bench.idl`, transpiles the
 * output, and points this process's environment (inherited by the workers) at
 * it. Returns the folder, for {@link removeBenchCode}. Throws with the CLI's
 * diagnostics on failure.
 */
export function generateBenchCode(): string {
  mkdirSync(benchGenRoot, { recursive: true });
  const benchGenDir = mkdtempSync(join(benchGenRoot, "run-"));
  const cli = resolve(repoRoot, "dist", "bin", "rpcgen.js");
  try {
    execFileSync(process.execPath, [cli, "-o", benchGenDir, benchIdl], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const e = error as { stderr?: Buffer; stdout?: Buffer; message: string };
    throw new Error(`rpcgen failed on ${benchIdl}:\n${e.stderr?.toString() ?? ""}${e.stdout?.toString() ?? ""}${e.message}`);
  }
  for (const file of readdirSync(benchGenDir)) {
    if (!file.endsWith(".ts") || file.endsWith(".d.ts")) continue;
    const path = join(benchGenDir, file);
    const out = ts.transpileModule(readFileSync(path, "utf8"), {
      fileName: path,
      // ESNext, not NodeNext: transpileModule cannot see package.json's "type": "module".
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(path.replace(/\.ts$/, ".js"), out.outputText);
  }
  process.env[GEN_MODULE_ENV] = join(benchGenDir, "bench.js");
  return benchGenDir;
}

/** Deletes a run's generated code. */
export function removeBenchCode(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
