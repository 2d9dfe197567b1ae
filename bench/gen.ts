/**
 * Generates the rpcgen peer's code with the real CLI from bench/idl/bench.idl
 * into .out/bench-gen/ and transpiles it to JavaScript beside it, so the
 * workers import exactly what a user would get.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { benchGenDir, benchIdl, repoRoot } from "./paths.js";

/** Runs `rpcgen -o .out/bench-gen bench/idl/bench.idl` and transpiles the output. Throws with the CLI's diagnostics on failure. */
export function generateBenchCode(): void {
  rmSync(benchGenDir, { recursive: true, force: true });
  mkdirSync(benchGenDir, { recursive: true });
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
}
