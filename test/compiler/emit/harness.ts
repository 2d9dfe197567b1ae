/**
 * Compile IDL held in memory (no disk): the front end, the emit name checks
 * and the emitter, as compile() runs them.
 */
import { sortDiagnostics, type Diagnostic } from "../../../compiler/diagnostics.js";
import { Emitter, type EmittedFile } from "../../../compiler/emit/emitter.js";
import { checkNames } from "../../../compiler/emit/names.js";
import { analyze } from "../../../compiler/frontend.js";

export interface MemoryCompile {
  diagnostics: Diagnostic[];
  /** Emitted files by relative path (empty when there are errors). */
  files: Map<string, string>;
}

/**
 * `files` maps relative paths (`a.idl`, `sub/b.idl`) to source text; `roots`
 * (default: all) are the inputs. Paths live under /mem/.
 */
export function compileMemory(files: Record<string, string>, roots: string[] = Object.keys(files).sort()): MemoryCompile {
  const read = (abs: string): string | undefined => (abs.startsWith("/mem/") ? files[abs.slice(5)] : undefined);
  const { program, diagnostics } = analyze(
    roots.map((r) => ({ path: `/mem/${r}`, relativePath: r })),
    { readFile: read },
  );
  const all = sortDiagnostics([...diagnostics, ...checkNames(program)]);
  const out = new Map<string, string>();
  if (!all.some((d) => d.category === "error")) {
    for (const f of new Emitter({ runtimeSpecifier: "rpcgen/runtime" }).emitProgram(program)) out.set(f.path, f.text);
  }
  return { diagnostics: all, files: out };
}

/** Just the emitted text of one file; throws with the diagnostics when anything failed. */
export function emitOne(source: string, name = "a.idl"): string {
  const r = compileMemory({ [name]: source });
  const errors = r.diagnostics.filter((d) => d.category === "error");
  if (errors.length > 0) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join("\n"));
  const text = r.files.get(name.replace(/\.idl$/, ".ts"));
  if (text === undefined) throw new Error(`nothing emitted for ${name}`);
  return text;
}

export type { EmittedFile };
