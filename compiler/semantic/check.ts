/**
 * The checker: builds scopes, resolves names, then runs every rule group over
 * every file. Rules live one group per file beside this one.
 */
import type { Program } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { AnnotationChecker } from "./check-annotations.js";
import { checkConst } from "./check-consts.js";
import { checkEnum } from "./check-enums.js";
import { checkErrorFields, checkFields, checkUnion } from "./check-fields.js";
import { checkService } from "./check-services.js";
import type { Report } from "./context.js";
import { Resolver } from "./resolve.js";
import { buildScopes } from "./scope.js";

export interface CheckOptions {
  /** Annotation names that are not warned about, beyond the known ones. */
  knownAnnotations: readonly string[];
}

export function checkProgram(program: Program, options: CheckOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report: Report = (d) => out.push(d);
  const { scopes, diagnostics } = buildScopes(program.files);
  out.push(...diagnostics);
  const resolver = new Resolver(report);
  for (const file of program.files) resolver.resolveFile(scopes.get(file)!);
  // Enum values first: later rules compare and print them.
  for (const file of program.files) for (const d of file.declarations) if (d.kind === "enum") checkEnum(d, report);

  const annotations = new AnnotationChecker(options.knownAnnotations, report);
  for (const file of program.files) {
    for (const d of file.declarations) {
      switch (d.kind) {
        case "const":
          checkConst(d, report);
          break;
        case "struct":
          checkFields(d.fields, report);
          break;
        case "union":
          checkFields(d.fields, report);
          checkUnion(d, report);
          break;
        case "error":
          checkFields(d.fields, report);
          checkErrorFields(d, report);
          break;
        case "service":
          checkService(d, report);
          break;
        case "enum":
          break;
      }
    }
    annotations.checkFile(file);
  }
  return out;
}
