/** Type-check files as a user's `tsc --strict` would, and report the errors as `file:line: message`. */
import * as path from "node:path";
import ts from "typescript";
import { repoRoot } from "./generate.js";

/**
 * `tsc --strict --noUnusedLocals`, target ES2022, module NodeNext. No `types`:
 * as with plain `tsc --strict`, Node's types must come in through the
 * runtime's own `/// <reference types="node" />`.
 */
export const strictOptions: ts.CompilerOptions = {
  strict: true,
  noUnusedLocals: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  noEmit: true,
};

/**
 * The options TypeScript marks `affectsSourceFile` or `affectsBindDiagnostics`:
 * programs that agree on them can share parsed and bound source files, as
 * TypeScript's own DocumentRegistry does between projects.
 */
const sourceFileOptions = [
  "target", "module", "moduleResolution", "moduleDetection", "jsx", "jsxImportSource", "importHelpers", "alwaysStrict",
  "noFallthroughCasesInSwitch", "allowUnusedLabels", "allowUnreachableCode",
] as const;

/**
 * Parsed files shared by every program of the test run (lib, @types/node and
 * the runtime's declarations are parsed once, not once per program), keyed by
 * the options above, the parse mode and the path; reused only for the same text.
 */
const parsed = new Map<string, ts.SourceFile>();

function sharingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const parse = host.getSourceFile.bind(host);
  const optionsKey = JSON.stringify(sourceFileOptions.map((name) => options[name]));
  host.getSourceFile = (fileName, mode, onError, shouldCreateNewSourceFile) => {
    const text = host.readFile(fileName);
    const modeKey = typeof mode === "object" ? `${mode.languageVersion}/${mode.impliedNodeFormat}` : String(mode);
    const key = `${optionsKey}|${modeKey}|${fileName}`;
    const known = parsed.get(key);
    if (known !== undefined && known.text === text && shouldCreateNewSourceFile !== true) return known;
    const file = parse(fileName, mode, onError, shouldCreateNewSourceFile);
    if (file !== undefined) parsed.set(key, file);
    return file;
  };
  return host;
}

/** One program over `files`; each error as `path/from/repo:line: message`. */
export function typeErrors(files: string[], options: ts.CompilerOptions): string[] {
  const program = ts.createProgram(files, options, sharingHost(options));
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file === undefined ? "" : `${path.relative(repoRoot, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `;
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

/** Drop the shared parses (call when the last typecheck test of a file is done, to keep the heap small for later tests). */
export function forgetParsedFiles(): void {
  parsed.clear();
}
