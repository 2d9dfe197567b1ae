/** Type expressions: map keys must be string, int32, int64 or an enum. */
import type { TypeNode } from "../ast.js";
import { diag } from "../messages.js";
import type { Report } from "./context.js";
import { describeType } from "./values.js";

export function checkType(t: TypeNode, report: Report): void {
  switch (t.kind) {
    case "listType":
      return checkType(t.element, report);
    case "mapType":
      if (!isAllowedKey(t.key)) report(diag("RPC2050", t.key.span, describeType(t.key)));
      checkType(t.key, report);
      return checkType(t.value, report);
    default:
      return;
  }
}

function isAllowedKey(t: TypeNode): boolean {
  if (t.kind === "primitive") return t.name === "string" || t.name === "int32" || t.name === "int64";
  // An unresolved name was reported already.
  if (t.kind === "named") return t.resolved === undefined || t.resolved.decl.kind === "enum";
  return false;
}
