/** Shared by the front-end tests: parse or analyze in-memory files and pick diagnostics. */
import { expect } from "chai";
import type { Declaration, SourceFile } from "../../../compiler/ast.js";
import type { Diagnostic } from "../../../compiler/diagnostics.js";
import { analyze, parseText, type FrontendOptions } from "../../../compiler/frontend.js";

/** Parse and expect no diagnostics. */
export function parseOk(text: string): SourceFile {
  const r = parseText(text, "/mem/test.idl");
  expect(r.diagnostics.map(show)).to.deep.equal([]);
  return r.file;
}

/** The only declaration of that name. */
export function declNamed<K extends Declaration["kind"]>(file: SourceFile, kind: K, name: string): Extract<Declaration, { kind: K }> {
  const d = file.declarations.find((x) => x.name.text === name);
  expect(d, `declaration ${name}`).to.not.equal(undefined);
  expect(d!.kind).to.equal(kind);
  return d as Extract<Declaration, { kind: K }>;
}

/** Analyze in-memory files under /mem; the first file (or `roots`) are the inputs. */
export function analyzeFiles(
  files: Record<string, string>,
  options: FrontendOptions & { roots?: string[] } = {},
): ReturnType<typeof analyze> {
  const readFile = (p: string): string | undefined => (p.startsWith("/mem/") ? files[p.slice(5)] : undefined);
  const roots = options.roots ?? [Object.keys(files)[0]!];
  return analyze(
    roots.map((r) => ({ path: `/mem/${r}`, relativePath: r })),
    { readFile, ...options },
  );
}

/** Analyze one in-memory file. */
export function analyzeText(text: string, options: FrontendOptions = {}): ReturnType<typeof analyze> {
  return analyzeFiles({ "test.idl": text }, options);
}

/** `line:col CODE message` for readable assertion failures. */
export function show(d: Diagnostic): string {
  return `${d.span.start.line}:${d.span.start.column} ${d.code} ${d.message}`;
}

export interface Expected {
  code: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
  file?: string;
}

/** Expect exactly these diagnostics (in sorted order). */
export function expectDiagnostics(actual: readonly Diagnostic[], expected: readonly Expected[]): void {
  expect(actual.map(show)).to.deep.equal(expected.map((e) => `${e.line}:${e.column} ${e.code} ${e.message}`));
  expected.forEach((e, i) => {
    if (e.hint !== undefined) expect(actual[i]!.hint).to.equal(e.hint);
    if (e.file !== undefined) expect(actual[i]!.span.file).to.equal(e.file);
  });
}
