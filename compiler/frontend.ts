/**
 * The compiler front end: files -> checked Program + diagnostics. This is the
 * one entry the emitter and the CLI use; it never throws on bad input.
 */
import * as nodePath from "node:path";
import type { Program, SourceFile } from "./ast.js";
import { sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { checkProgram } from "./semantic/check.js";
import { loadProgram, readFileOrUndefined } from "./semantic/load.js";
import { parseSource } from "./syntax/parse.js";

export interface FrontendOptions {
  /** Extra import roots (-I), absolute or relative to cwd. */
  includeDirs?: string[];
  /** Annotation names not to warn about (beyond the known ones). */
  knownAnnotations?: string[];
  /** Read a file; default fs.readFileSync utf8. Returns undefined when missing. Lets tests use in-memory files. */
  readFile?: (absPath: string) => string | undefined;
}

/** A file named on the command line (or found under a directory argument). */
export interface InputFile {
  /** Absolute path. */
  path: string;
  /** Path below the input root, used to mirror output paths. */
  relativePath: string;
}

/**
 * Parse every input, follow imports, resolve every reference and run every
 * check. Diagnostics come back sorted (file, position, code).
 */
export function analyze(inputs: InputFile[], options: FrontendOptions = {}): { program: Program; diagnostics: Diagnostic[] } {
  const loaded = loadProgram(inputs, {
    includeDirs: options.includeDirs ?? [],
    readFile: options.readFile ?? readFileOrUndefined,
  });
  const checked = checkProgram(loaded.program, { knownAnnotations: options.knownAnnotations ?? [] });
  return { program: loaded.program, diagnostics: sortDiagnostics([...loaded.diagnostics, ...checked]) };
}

/** Convenience for tests: parse one text, no imports resolved from disk unless readFile given. */
export function parseText(text: string, path = "/input.idl"): { file: SourceFile; diagnostics: Diagnostic[] } {
  const parsed = parseSource(text, path, nodePath.basename(path));
  return { file: parsed.file, diagnostics: sortDiagnostics(parsed.diagnostics) };
}
