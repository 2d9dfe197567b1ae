/**
 * Loading: parse the inputs, follow their imports (relative to the importing
 * file, then each include directory) and report missing and cyclic imports.
 * The result is the Program with every ImportDecl.resolvedPath filled in.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ImportDecl, Program, SourceFile, Span } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { diag, diagWithHint } from "../messages.js";
import { parseSource } from "../syntax/parse.js";

export interface LoadOptions {
  /** Extra import roots, absolute or relative to the working directory. */
  includeDirs: readonly string[];
  readFile: (absPath: string) => string | undefined;
}

export interface LoadInput {
  path: string;
  relativePath: string;
}

/** Default reader: UTF-8 text, undefined when missing or not a file. */
export function readFileOrUndefined(absPath: string): string | undefined {
  try {
    return fs.readFileSync(absPath, "utf8");
  } catch {
    return undefined;
  }
}

/** A zero-width span at the start of a file, for problems with the file as a whole. */
export function fileStartSpan(file: string): Span {
  const p = { offset: 0, line: 1, column: 1 };
  return { file, start: p, end: p };
}

export function loadProgram(inputs: readonly LoadInput[], options: LoadOptions): { program: Program; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byPath = new Map<string, SourceFile>();
  const files: SourceFile[] = [];
  const roots: SourceFile[] = [];
  const includeDirs = options.includeDirs.map((d) => path.resolve(d));

  const load = (absPath: string, relativePath: string, text: string): SourceFile => {
    const parsed = parseSource(text, absPath, relativePath);
    diagnostics.push(...parsed.diagnostics);
    byPath.set(absPath, parsed.file);
    files.push(parsed.file);
    return parsed.file;
  };

  const sorted = [...inputs].map((i) => ({ ...i, path: path.resolve(i.path) })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const input of sorted) {
    if (byPath.has(input.path)) continue;
    const text = options.readFile(input.path);
    if (text === undefined) {
      diagnostics.push(diag("RPC2102", fileStartSpan(input.path), input.path));
      continue;
    }
    roots.push(load(input.path, input.relativePath, text));
  }

  // Breadth-first over imports: files[] grows while we walk it, which keeps the order deterministic.
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    for (const imp of file.imports) {
      const found = resolveImport(file, imp, includeDirs, byPath, options.readFile);
      if (found.kind === "missing") {
        const hint = "check the path, or add the folder that holds the file with -I/--include";
        diagnostics.push(diagWithHint("RPC2100", imp.path.span, hint, imp.path.value, found.tried.join(", ")));
        continue;
      }
      imp.resolvedPath = found.path;
      if (found.kind === "new") load(found.path, relativePathFor(file, found.path, found.root), found.text);
    }
  }

  diagnostics.push(...findImportCycles(files, byPath));
  return { program: { files, roots }, diagnostics };
}

type Found =
  | { kind: "loaded"; path: string }
  | { kind: "new"; path: string; text: string; root: string | undefined }
  | { kind: "missing"; tried: string[] };

function resolveImport(
  from: SourceFile,
  imp: ImportDecl,
  includeDirs: readonly string[],
  byPath: ReadonlyMap<string, SourceFile>,
  readFile: (p: string) => string | undefined,
): Found {
  const spec = imp.path.value;
  const candidates: { path: string; root: string | undefined }[] = path.isAbsolute(spec)
    ? [{ path: path.normalize(spec), root: undefined }]
    : [{ path: path.resolve(path.dirname(from.path), spec), root: undefined }, ...includeDirs.map((d) => ({ path: path.resolve(d, spec), root: d }))];
  const tried: string[] = [];
  for (const c of candidates) {
    if (byPath.has(c.path)) return { kind: "loaded", path: c.path };
    const text = readFile(c.path);
    if (text !== undefined) return { kind: "new", path: c.path, text, root: c.root };
    if (!tried.includes(c.path)) tried.push(c.path);
  }
  return { kind: "missing", tried };
}

/**
 * Where an imported (not named) file would sit in the output tree: beside its
 * importer's input root when it lies below it, else relative to the include
 * directory it was found in.
 */
function relativePathFor(importer: SourceFile, absPath: string, includeRoot: string | undefined): string {
  const importerRoot = importer.path.slice(0, importer.path.length - importer.relativePath.length);
  const rel = path.relative(importerRoot, absPath);
  if (!rel.startsWith("..") && !path.isAbsolute(rel)) return toPosix(rel);
  if (includeRoot !== undefined) return toPosix(path.relative(includeRoot, absPath));
  return toPosix(rel);
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** Depth-first search for back edges; each cycle is reported once, at the import that closes it. */
function findImportCycles(files: readonly SourceFile[], byPath: ReadonlyMap<string, SourceFile>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const state = new Map<SourceFile, "active" | "done">();
  const stack: SourceFile[] = [];
  const visit = (file: SourceFile): void => {
    state.set(file, "active");
    stack.push(file);
    for (const imp of file.imports) {
      const target = imp.resolvedPath === undefined ? undefined : byPath.get(imp.resolvedPath);
      if (target === undefined) continue;
      const s = state.get(target);
      if (s === "active") {
        const cycle = [...stack.slice(stack.indexOf(target)), target].map((f) => f.relativePath);
        const hint = "move what these files share into a file that imports none of them";
        out.push(diagWithHint("RPC2101", imp.span, hint, cycle.join(" -> ")));
      } else if (s === undefined) visit(target);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return out;
}
