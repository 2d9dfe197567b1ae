/**
 * rpcgen's compiler API: `compile(inputs, options)` runs the front end, the
 * emit name checks and (when there are no errors) the emitter, and returns the
 * files to write. It writes nothing itself; the CLI does.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Program } from "./ast.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { Emitter, outputPath } from "./emit/emitter.js";
import { checkNames } from "./emit/names.js";
import { analyze, type InputFile } from "./frontend.js";
import { diag } from "./messages.js";

export type { Diagnostic, Category, RelatedLocation } from "./diagnostics.js";
export type { InputFile } from "./frontend.js";
export { analyze, parseText } from "./frontend.js";
export { hasErrors, sortDiagnostics } from "./diagnostics.js";
export { Emitter, outputPath, type EmittedFile, type EmitOptions } from "./emit/emitter.js";
export { GENERATED_HEADER_PREFIX, isGeneratedFile, removeStale, staleGeneratedFiles } from "./clean.js";

/** Where generated code imports the runtime from, unless told otherwise. */
export const DEFAULT_RUNTIME_SPECIFIER = "rpcgen/runtime";
/** Output directory when none is given. */
export const DEFAULT_OUT_DIR = "generated";

export interface CompileOptions {
  /** Directory the generated paths are joined to (default `generated`). */
  outDir?: string;
  /** Extra import roots (`-I`). */
  includeDirs?: string[];
  /** Module generated code imports the runtime from (default `rpcgen/runtime`). */
  runtimeSpecifier?: string;
  /** Annotation names not to warn about. */
  knownAnnotations?: string[];
  /** Parse and check only: `files` comes back empty. */
  check?: boolean;
  /** Read a file (tests); default: the file system. Returns undefined when missing. */
  readFile?: (absPath: string) => string | undefined;
}

export interface GeneratedFile {
  /** `outDir` joined with the input's relative path, `.idl` -> `.ts`. */
  path: string;
  text: string;
}

export interface CompileResult {
  /** Files to write; empty when checking only or when there are errors. */
  files: GeneratedFile[];
  /** Every diagnostic of the run, sorted. */
  diagnostics: Diagnostic[];
  /** The inputs as found (directories expanded). */
  inputs: InputFile[];
  /** Every IDL file read, imports included (what a watcher should watch). */
  sources: string[];
}

/** A bad invocation (missing input path...): the CLI exits with status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * Expand arguments into input files: a file stands for itself (relative path:
 * its base name); a directory for every `.idl` below it, sorted, relative to
 * it (dot-folders and node_modules skipped). Throws UsageError for a missing path.
 */
export function expandInputs(args: readonly string[], cwd = process.cwd()): InputFile[] {
  const out: InputFile[] = [];
  const seen = new Set<string>();
  const add = (file: string, relativePath: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    out.push({ path: file, relativePath });
  };
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new UsageError(`input not found: ${arg}`);
    }
    if (stat.isDirectory()) {
      for (const file of idlFilesBelow(abs)) add(file, path.relative(abs, file));
    } else {
      add(abs, path.basename(abs));
    }
  }
  return out;
}

function idlFilesBelow(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    const entries = fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith(".") && e.name !== "node_modules") walk(full);
      } else if (e.isFile() && e.name.endsWith(".idl")) {
        found.push(full);
      }
    }
  };
  walk(dir);
  return found;
}

/** Two inputs that would be generated to the same path (e.g. `a/x.idl` and `b/x.idl` given as files). */
function outputCollisions(program: Program): Diagnostic[] {
  const byOut = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const root of program.roots) {
    const target = outputPath(root.relativePath);
    const first = byOut.get(target);
    if (first === undefined) {
      byOut.set(target, root.path);
      continue;
    }
    const start = { offset: 0, line: 1, column: 1 };
    out.push(diag("RPC3009", { file: root.path, start, end: start }, first, root.path, target));
  }
  return out;
}

/**
 * Compile IDL files and directories to TypeScript modules.
 * Throws UsageError when an input path does not exist; everything else is a diagnostic.
 */
export function compile(inputs: readonly string[], options: CompileOptions = {}): CompileResult {
  const files = expandInputs(inputs);
  const { program, diagnostics: frontend } = analyze(files, {
    ...(options.includeDirs === undefined ? {} : { includeDirs: options.includeDirs }),
    ...(options.knownAnnotations === undefined ? {} : { knownAnnotations: options.knownAnnotations }),
    ...(options.readFile === undefined ? {} : { readFile: options.readFile }),
  });
  const sources = program.files.map((f) => f.path);
  const nameChecks = [...checkNames(program), ...outputCollisions(program)];
  const diagnostics = sortDiagnostics([...frontend, ...nameChecks]);
  if (options.check === true || hasErrors(diagnostics)) return { files: [], diagnostics, inputs: files, sources };
  const emitter = new Emitter({ runtimeSpecifier: options.runtimeSpecifier ?? DEFAULT_RUNTIME_SPECIFIER });
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const generated = emitter.emitProgram(program).map((f) => ({ path: path.join(outDir, ...f.path.split("/")), text: f.text }));
  return { files: generated, diagnostics, inputs: files, sources };
}
export { buildDescriptors, type DescriptorSet, type DynamicIdlError } from "./descriptors/index.js";
