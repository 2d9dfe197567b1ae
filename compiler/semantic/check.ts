/**
 * The checker: builds scopes, resolves names, then runs every rule group over
 * every file. Rules live one group per file beside this one.
 */
import type { Program } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { checkEnum } from "./check-enums.js";
import type { Report } from "./context.js";
import { Resolver } from "./resolve.js";
import { buildScopes } from "./scope.js";

export interface CheckOptions {
  /** Annotation names that are not warned about, beyond the known ones. */
  knownAnnotations: readonly string[];
}

export function checkProgram(program: Program, _options: CheckOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report: Report = (d) => out.push(d);
  const { scopes, diagnostics } = buildScopes(program.files);
  out.push(...diagnostics);
  const resolver = new Resolver(report);
  for (const file of program.files) resolver.resolveFile(scopes.get(file)!);
  // Enum values first: later rules compare and print them.
  for (const file of program.files) for (const d of file.declarations) if (d.kind === "enum") checkEnum(d, report);
  return out;
}
