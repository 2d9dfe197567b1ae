/**
 * Enums: fill EnumValue.value (explicit, else previous + 1, first 0) and
 * report duplicate names, duplicate numbers and values outside int32.
 */
import type { EnumDecl } from "../ast.js";
import { diag } from "../messages.js";
import type { Report } from "./context.js";
import { INT32_MAX, INT32_MIN } from "./values.js";

export function checkEnum(decl: EnumDecl, report: Report): void {
  const names = new Set<string>();
  const numbers = new Map<bigint, string>();
  let next = 0n;
  for (const v of decl.values) {
    if (names.has(v.name.text)) report(diag("RPC2013", v.name.span, v.name.text));
    names.add(v.name.text);
    const n = v.explicit !== undefined ? v.explicit.value : next;
    next = n + 1n;
    if (n < INT32_MIN || n > INT32_MAX) {
      report(diag("RPC2030", (v.explicit ?? v.name).span, n));
      continue;
    }
    v.value = Number(n);
    const first = numbers.get(n);
    if (first !== undefined) report(diag("RPC2014", (v.explicit ?? v.name).span, n, v.name.text, first));
    else numbers.set(n, v.name.text);
  }
}
