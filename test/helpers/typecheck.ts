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

/** One program over `files`; each error as `path/from/repo:line: message`. */
export function typeErrors(files: string[], options: ts.CompilerOptions): string[] {
  const program = ts.createProgram(files, options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file === undefined ? "" : `${path.relative(repoRoot, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `;
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}
