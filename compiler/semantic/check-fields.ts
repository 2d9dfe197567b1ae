/**
 * Fields of structs, unions and errors, and method parameters: IDs, names,
 * types, defaults, and the rules particular to unions, errors and parameters.
 */
import type { ErrorDecl, Field, UnionDecl } from "../ast.js";
import { diag, diagWithHint } from "../messages.js";
import { checkType } from "./check-types.js";
import type { Report } from "./context.js";
import { checkValue } from "./values.js";

/** Field IDs are positive and below 2^29. */
export const MAX_FIELD_ID = 2n ** 29n - 1n;

/** IDs, names, types and defaults: common to every field list. */
export function checkFields(fields: readonly Field[], report: Report): void {
  const ids = new Map<bigint, Field>();
  const names = new Set<string>();
  for (const f of fields) {
    const id = f.id.value;
    if (id < 1n || id > MAX_FIELD_ID) report(diag("RPC2010", f.id.span, f.id.text));
    else {
      const first = ids.get(id);
      if (first === undefined) ids.set(id, f);
      else {
        const related = [{ message: `field ID ${first.id.text} first used by '${first.name.text}'`, span: first.id.span }];
        report({ ...diag("RPC2011", f.id.span, f.id.text, first.name.text), related });
      }
    }
    if (names.has(f.name.text)) report(diag("RPC2012", f.name.span, f.name.text));
    names.add(f.name.text);
    checkType(f.type, report);
    if (f.default !== undefined) checkValue(f.type, f.default, "RPC2020", report);
  }
}

/** Exactly one member of a union is set, so members are neither optional nor defaulted. */
export function checkUnion(decl: UnionDecl, report: Report): void {
  if (decl.fields.length === 0) report(diag("RPC2082", decl.name.span, decl.name.text));
  for (const f of decl.fields) {
    if (f.optional) report(diag("RPC2080", f.optionalSpan ?? f.name.span, f.name.text));
    if (f.default !== undefined) report(diag("RPC2081", f.default.span, f.name.text));
  }
}

/** Members every JavaScript Error has; a field of that name would shadow or break it. */
const errorMembers: Record<string, string> = {
  message: "messageText",
  name: "errorName",
  stack: "stackInfo",
  cause: "causeDetail",
};

export function checkErrorFields(decl: ErrorDecl, report: Report): void {
  for (const f of decl.fields) {
    const rename = Object.hasOwn(errorMembers, f.name.text) ? errorMembers[f.name.text] : undefined;
    if (rename !== undefined) {
      report(diagWithHint("RPC2090", f.name.span, `rename to '${rename}' (the field ID keeps the wire compatible)`, f.name.text, decl.name.text));
    }
  }
}

/** Parameters that are optional or have a default come after the required ones. */
export function checkParamOrder(params: readonly Field[], report: Report): void {
  let firstOptional: Field | undefined;
  for (const p of params) {
    const optional = p.optional || p.default !== undefined;
    if (optional) firstOptional ??= p;
    else if (firstOptional !== undefined) report(diag("RPC2043", p.name.span, p.name.text, firstOptional.name.text));
  }
}
