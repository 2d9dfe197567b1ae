/**
 * Services and methods: unique method names, oneway rules, parameter order,
 * and `extends` (no cycles, no clash with an inherited method name).
 */
import type { ServiceDecl } from "../ast.js";
import { diag } from "../messages.js";
import { checkFields, checkParamOrder } from "./check-fields.js";
import { checkType } from "./check-types.js";
import type { Report } from "./context.js";

export function checkService(decl: ServiceDecl, report: Report): void {
  const names = new Set<string>();
  for (const m of decl.methods) {
    if (names.has(m.name.text)) report(diag("RPC2017", m.name.span, m.name.text, decl.name.text));
    names.add(m.name.text);
    if (m.returns.kind !== "void") checkType(m.returns, report);
    if (m.oneway && m.returns.kind !== "void") report(diag("RPC2040", m.returns.span, m.name.text));
    if (m.oneway && m.throwsSpan !== undefined) report(diag("RPC2041", m.throwsSpan, m.name.text));
    const thrown = new Set<unknown>();
    for (const t of m.throws) {
      const key = t.resolved?.decl ?? t.name.parts.map((p) => p.text).join(".");
      if (thrown.has(key)) report(diag("RPC2048", t.span, t.name.parts.map((p) => p.text).join(".")));
      thrown.add(key);
    }
    checkFields(m.params, report);
    checkParamOrder(m.params, report);
  }
  checkInheritance(decl, report);
}

/** The chain of bases, nearest first; stops before repeating a service. */
function bases(decl: ServiceDecl): { chain: ServiceDecl[]; cyclic: boolean } {
  const chain: ServiceDecl[] = [];
  let cur = decl.resolvedExtends?.decl;
  while (cur !== undefined) {
    if (cur === decl) return { chain, cyclic: true };
    if (chain.includes(cur)) return { chain, cyclic: false };
    chain.push(cur);
    cur = cur.resolvedExtends?.decl;
  }
  return { chain, cyclic: false };
}

function checkInheritance(decl: ServiceDecl, report: Report): void {
  if (decl.extends === undefined) return;
  const { chain, cyclic } = bases(decl);
  if (cyclic) {
    const names = [decl, ...chain, decl].map((s) => s.name.text).join(" -> ");
    report(diag("RPC2046", decl.extends.span, names));
    return;
  }
  const inherited = new Map<string, ServiceDecl>();
  for (const base of chain) {
    for (const m of base.methods) if (!inherited.has(m.name.text)) inherited.set(m.name.text, base);
  }
  for (const m of decl.methods) {
    const from = inherited.get(m.name.text);
    if (from !== undefined) report(diag("RPC2047", m.name.span, m.name.text, from.name.text));
  }
}
