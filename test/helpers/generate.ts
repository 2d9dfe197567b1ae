/**
 * Generate code from IDL with the compiler the CLI runs (`compile()`, in this
 * process: test/cli/ covers the CLI's own process, arguments and exit codes),
 * transpile it to JavaScript beside the .ts files and load modules from it.
 * Output goes under `<repo>/.out/` (gitignored) so that `rpcgen/runtime`
 * resolves through the package's self-reference to the built dist/runtime.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { compile } from "../../compiler/index.js";
import { formatDiagnostics } from "../../compiler/diagnostics.js";

/** The repository root (this file runs from dist/test/helpers/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The built CLI. */
export const cliPath = path.join(repoRoot, "dist/bin/rpcgen.js");

export interface Generated {
  /** Absolute output directory. */
  outDir: string;
  /** Import a generated module by its path below outDir, e.g. `shop/orders.ts`. */
  load<T = Record<string, unknown>>(relativeTsPath: string): Promise<T>;
  /** Delete the output directory. */
  remove(): Promise<void>;
}

/** Run a command; resolves with its exit code and output (never rejects on a non-zero exit). */
export function run(file: string, args: readonly string[], cwd = repoRoot): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== "number") {
        reject(error);
        return;
      }
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

function tsFilesBelow(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFilesBelow(full));
    else if (e.name.endsWith(".ts")) out.push(full);
  }
  return out.sort();
}

/**
 * What `rpcgen -o <repo>/.out/gen-<random> [-I dir]... inputs...` does (inputs
 * and include dirs relative to the repo root unless absolute; no config file,
 * as at the repo root): compile, then write the files; rejects with the
 * diagnostics when there are errors (where the CLI exits 1).
 */
export async function generateFromIdl(inputs: string[], opts: { includeDirs?: string[] } = {}): Promise<Generated> {
  const outDir = path.join(repoRoot, ".out", `gen-${randomBytes(6).toString("hex")}`);
  const result = compile(
    inputs.map((i) => path.resolve(repoRoot, i)),
    { outDir, includeDirs: (opts.includeDirs ?? []).map((d) => path.resolve(repoRoot, d)), knownAnnotations: [] },
  );
  if (result.diagnostics.some((d) => d.category === "error")) {
    throw new Error(`rpcgen found errors:\n${formatDiagnostics(result.diagnostics, { color: false, cwd: repoRoot })}`);
  }
  for (const f of result.files) {
    fs.mkdirSync(path.dirname(f.path), { recursive: true });
    fs.writeFileSync(f.path, f.text);
  }
  return transpiled(outDir);
}

/** Transpile the .ts files under `outDir` (written by compile() or by the CLI) beside themselves, and load from them. */
export function transpiled(outDir: string): Generated {
  for (const file of tsFilesBelow(outDir)) {
    const js = ts.transpileModule(fs.readFileSync(file, "utf8"), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    fs.writeFileSync(file.replace(/\.ts$/, ".js"), js.outputText);
  }
  return {
    outDir,
    load: async <T = Record<string, unknown>>(relativeTsPath: string): Promise<T> => {
      const js = path.join(outDir, relativeTsPath.replace(/\.ts$/, ".js"));
      return (await import(pathToFileURL(js).href)) as T;
    },
    remove: () => fs.promises.rm(outDir, { recursive: true, force: true }),
  };
}
