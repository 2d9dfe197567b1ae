/** Constants: the value fits the declared type, and constants do not refer to themselves. */
import type { ConstDecl } from "../ast.js";
import { diag } from "../messages.js";
import { constOnCycle } from "./const-chains.js";
import { checkType } from "./check-types.js";
import type { Report } from "./context.js";
import { checkValue } from "./values.js";

export function checkConst(decl: ConstDecl, report: Report): void {
  checkType(decl.type, report);
  if (constOnCycle(decl)) {
    report(diag("RPC2022", decl.value.span, decl.name.text));
    return;
  }
  checkValue(decl.type, decl.value, "RPC2021", report);
}
