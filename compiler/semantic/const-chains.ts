/**
 * Constants defined by other constants form chains (`A = B; B = C; C = 1;`).
 * Each constant has at most one outgoing reference, so one walk per chain,
 * remembered for every constant on it, answers "what value" and "is it on a
 * cycle" for all of them: linear in the number of constants, where following
 * every chain from every constant was quadratic (8,000 chained constants
 * took 6 s). Walks are loops, not recursion, so chain length is unbounded.
 */
import type * as A from "../ast.js";

interface ChainFacts {
  /** The literal the constant stands for; undefined when unresolved or on/into a cycle. */
  value: A.Literal | undefined;
  /** The constant's own chain leads back to itself. */
  onCycle: boolean;
}

const facts = new WeakMap<A.ConstDecl, ChainFacts>();

/** The constant a literal refers to directly, if any. */
function constTarget(lit: A.Literal): A.ConstDecl | undefined {
  return lit.kind === "ref" && lit.resolved?.kind === "const" ? lit.resolved.decl : undefined;
}

function factsOf(start: A.ConstDecl): ChainFacts {
  const known = facts.get(start);
  if (known !== undefined) return known;
  const path: A.ConstDecl[] = [];
  const index = new Map<A.ConstDecl, number>();
  let cur: A.ConstDecl | undefined = start;
  let end: ChainFacts | undefined;
  let cycleFrom = -1;
  while (cur !== undefined) {
    const seen = facts.get(cur);
    if (seen !== undefined) {
      end = { value: seen.value, onCycle: false };
      break;
    }
    const at = index.get(cur);
    if (at !== undefined) {
      cycleFrom = at;
      break;
    }
    index.set(cur, path.length);
    path.push(cur);
    const next = constTarget(cur.value);
    if (next === undefined) {
      // The end of the chain: a plain literal, an enum value, or an unresolved name.
      const v = cur.value;
      end = { value: v.kind === "ref" && v.resolved === undefined ? undefined : v, onCycle: false };
    }
    cur = next;
  }
  for (let i = 0; i < path.length; i++) {
    facts.set(path[i]!, cycleFrom >= 0 ? { value: undefined, onCycle: i >= cycleFrom } : end!);
  }
  return facts.get(start)!;
}

/** The literal a constant's value comes down to (see {@link ChainFacts.value}). */
export function constValue(decl: A.ConstDecl): A.Literal | undefined {
  return factsOf(decl).value;
}

/** Whether following the constant's references leads back to it. */
export function constOnCycle(decl: A.ConstDecl): boolean {
  return factsOf(decl).onCycle;
}
