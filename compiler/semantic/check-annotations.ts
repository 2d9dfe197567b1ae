/**
 * Annotations: the known ones go only where they mean something and take
 * arguments of the right type; unknown ones are kept for middleware and
 * warned about once per name per run (unless declared known).
 */
import type * as A from "../ast.js";
import { diag, diagWithHint } from "../messages.js";
import type { Report } from "./context.js";
import { didYouMean } from "./suggest.js";
import { describeLiteral, describeType, evaluate } from "./values.js";

/** What an annotation is written on. Fields and parameters carry their type. */
export type AnnotationTarget =
  | { kind: "service" | "method" | "struct" | "union" | "error" | "enum" | "enumValue" | "const" }
  | { kind: "field" | "param"; type: A.TypeNode };

interface KnownAnnotation {
  /** For "it applies to ...". */
  appliesTo: string;
  allowed(t: AnnotationTarget): boolean;
  /** A problem with the arguments, and the node to point at; undefined when fine. */
  checkArgs(a: A.Annotation): Problem | undefined;
}

interface Problem {
  text: string;
  at: A.Span;
}

const isMember = (t: AnnotationTarget): t is { kind: "field" | "param"; type: A.TypeNode } => t.kind === "field" || t.kind === "param";

function isNumeric(t: A.TypeNode): boolean {
  return t.kind === "primitive" && (t.name === "int32" || t.name === "int64" || t.name === "float64");
}

function hasLength(t: A.TypeNode): boolean {
  return (t.kind === "primitive" && (t.name === "string" || t.name === "bytes")) || t.kind === "listType" || t.kind === "mapType";
}

/** Exactly one positional argument, whose value (constants followed) passes `ok`. */
function single(a: A.Annotation, expected: string, ok: (v: A.Literal) => string | undefined): Problem | undefined {
  const arg = a.args[0];
  if (a.args.length !== 1 || arg === undefined || arg.name !== undefined) return { text: `expected ${expected}`, at: a.span };
  const v = evaluate(arg.value);
  if (v === undefined) return undefined; // unresolved: reported by the resolver
  const bad = ok(v);
  return bad === undefined ? undefined : { text: bad, at: arg.value.span };
}

/** Named arguments only, each name from `names`, each value passing `ok`; at least one unless `allowNone`. */
function named(
  a: A.Annotation,
  names: readonly string[],
  ok: (name: string, v: A.Literal) => string | undefined,
  allowNone = false,
): { problem: Problem | undefined; values: Map<string, A.Literal> } {
  const values = new Map<string, A.Literal>();
  const usage = names.map((n) => `${n} = ...`).join(", ");
  if (a.args.length === 0 && !allowNone) return { problem: { text: `expected ${usage}`, at: a.span }, values };
  for (const arg of a.args) {
    if (arg.name === undefined) return { problem: { text: `arguments are named: ${usage}`, at: arg.span }, values };
    const n = arg.name.text;
    if (!names.includes(n)) return { problem: { text: `unknown argument '${n}'; expected ${usage}`, at: arg.name.span }, values };
    if (values.has(n)) return { problem: { text: `'${n}' is given twice`, at: arg.name.span }, values };
    const v = evaluate(arg.value);
    if (v === undefined) continue;
    const bad = ok(n, v);
    if (bad !== undefined) return { problem: { text: bad, at: arg.value.span }, values };
    values.set(n, v);
  }
  return { problem: undefined, values };
}

function numberOf(v: A.Literal): number | undefined {
  return v.kind === "int" ? Number(v.value) : v.kind === "float" ? v.value : undefined;
}

/** Shared by @range and @len: `min` must not exceed `max`. */
function minMax(a: A.Annotation, r: ReturnType<typeof named>): Problem | undefined {
  if (r.problem !== undefined) return r.problem;
  const min = r.values.get("min");
  const max = r.values.get("max");
  if (min !== undefined && max !== undefined && numberOf(min)! > numberOf(max)!) {
    return { text: `min (${describeLiteral(min)}) is greater than max (${describeLiteral(max)})`, at: a.span };
  }
  return undefined;
}

/** The largest @len bound: lengths are JavaScript numbers (Number.MAX_SAFE_INTEGER). */
const MAX_LENGTH = 2n ** 53n - 1n;

/**
 * Why a @pattern would not compile at run time, if it would not. The
 * runtime (runtime/schema/rules.ts compilePattern) uses Unicode mode when
 * the pattern allows it, else the legacy mode; checking with the legacy mode
 * alone rejected `^[😀-🙏]+$` (a range of surrogate halves there).
 */
function patternProblem(pattern: string): string | undefined {
  for (const flags of ["u", ""]) {
    try {
      new RegExp(pattern, flags);
      return undefined;
    } catch (e) {
      if (flags === "") return (e as Error).message;
    }
  }
  return undefined;
}

/** The strategies `@cluster` names, with the named arguments each takes. */
const clusterStrategies: Readonly<Record<string, readonly string[]>> = { failfast: [], failover: ["retries"], hedging: ["delay", "attempts"] };

/** `@cluster("failover", retries = 2)`, `@cluster("hedging", delay = 50ms, attempts = 2)`, `@cluster("failfast")`. */
function clusterArgs(a: A.Annotation): Problem | undefined {
  const usage = '@cluster("failfast"), @cluster("failover", retries = N) or @cluster("hedging", delay = DURATION, attempts = N)';
  const first = a.args[0];
  if (first === undefined || first.name !== undefined) return { text: `expected the strategy first: ${usage}`, at: first?.span ?? a.span };
  const strategy = evaluate(first.value);
  if (strategy === undefined) return undefined; // unresolved: reported by the resolver
  const names = strategy.kind === "string" && Object.hasOwn(clusterStrategies, strategy.value) ? clusterStrategies[strategy.value]! : undefined;
  if (names === undefined) return { text: `unknown strategy ${describeLiteral(strategy)}; expected "failfast", "failover" or "hedging"`, at: first.value.span };
  const rest = { ...a, args: a.args.slice(1) };
  if (names.length === 0 && rest.args.length > 0) return { text: `"failfast" takes no further arguments`, at: rest.args[0]!.span };
  return named(rest, names, (n, v) => {
    if (n === "delay") return v.kind === "duration" ? undefined : `delay must be a duration such as 50ms, found ${describeLiteral(v)}`;
    if (n === "attempts") return v.kind === "int" && v.value >= 2n && v.value <= 10n ? undefined : `attempts must be an integer from 2 to 10 (the first included), found ${describeLiteral(v)}`;
    return v.kind === "int" && v.value >= 0n && v.value <= 10n ? undefined : `retries must be an integer from 0 to 10, found ${describeLiteral(v)}`;
  }, true).problem;
}

const known: Record<string, KnownAnnotation> = {
  timeout: {
    appliesTo: "services and methods",
    allowed: (t) => t.kind === "service" || t.kind === "method",
    checkArgs: (a) =>
      single(a, "one duration, e.g. @timeout(800ms)", (v) =>
        v.kind !== "duration" ? `expected a duration such as 800ms, found ${describeLiteral(v)}` : v.millis <= 0 ? "the timeout must be longer than 0ms" : undefined,
      ),
  },
  idempotent: {
    appliesTo: "methods",
    allowed: (t) => t.kind === "method",
    checkArgs: (a) => (a.args.length > 0 ? { text: "@idempotent takes no arguments", at: a.args[0]!.span } : undefined),
  },
  retry: {
    appliesTo: "methods",
    allowed: (t) => t.kind === "method",
    checkArgs: (a) =>
      named(a, ["max", "backoff"], (n, v) => {
        if (n === "max") return v.kind === "int" && v.value >= 0n && v.value <= 100n ? undefined : `max must be an integer from 0 to 100, found ${describeLiteral(v)}`;
        return v.kind === "duration" ? undefined : `backoff must be a duration such as 100ms, found ${describeLiteral(v)}`;
        // A bare @retry takes the runtime's default policy.
      }, true).problem,
  },
  cluster: {
    appliesTo: "methods",
    allowed: (t) => t.kind === "method",
    checkArgs: clusterArgs,
  },
  deprecated: {
    appliesTo: "anything",
    allowed: () => true,
    checkArgs: (a) =>
      a.args.length === 0 ? undefined : single(a, 'at most one reason string, e.g. @deprecated("use X")', (v) => (v.kind === "string" ? undefined : `expected a reason string, found ${describeLiteral(v)}`)),
  },
  range: {
    appliesTo: "numeric fields and parameters",
    allowed: (t) => isMember(t) && isNumeric(t.type),
    checkArgs: (a) => minMax(a, named(a, ["min", "max"], (n, v) => (numberOf(v) === undefined ? `${n} must be a number, found ${describeLiteral(v)}` : undefined))),
  },
  len: {
    appliesTo: "string, bytes, list and map fields and parameters",
    allowed: (t) => isMember(t) && hasLength(t.type),
    checkArgs: (a) =>
      minMax(
        a,
        named(a, ["min", "max"], (n, v) => {
          if (v.kind !== "int" || v.value < 0n) return `${n} must be a non-negative integer, found ${describeLiteral(v)}`;
          // Lengths are JavaScript numbers at run time; a larger bound cannot be emitted as one (issue 10).
          return v.value > MAX_LENGTH ? `${n} must be at most ${MAX_LENGTH} (2^53 - 1), found ${describeLiteral(v)}` : undefined;
        }),
      ),
  },
  pattern: {
    appliesTo: "string fields and parameters",
    allowed: (t) => isMember(t) && t.type.kind === "primitive" && t.type.name === "string",
    checkArgs: (a) =>
      single(a, 'one regular expression string, e.g. @pattern("^[a-z]+$")', (v) => {
        if (v.kind !== "string") return `expected a regular expression string, found ${describeLiteral(v)}`;
        return patternProblem(v.value);
      }),
  },
  version: {
    appliesTo: "services",
    allowed: (t) => t.kind === "service",
    checkArgs: (a) => single(a, 'one version string, e.g. @version("1.2.0")', (v) => (v.kind === "string" ? undefined : `expected a version string, found ${describeLiteral(v)}`)),
  },
};

/** Names of the annotations the compiler knows. */
export const knownAnnotationNames: readonly string[] = Object.keys(known);

function describeTarget(t: AnnotationTarget): string {
  switch (t.kind) {
    case "field":
      return `a field of type '${describeType(t.type)}'`;
    case "param":
      return `a parameter of type '${describeType(t.type)}'`;
    case "enumValue":
      return "an enum value";
    case "const":
      return "a constant";
    case "enum":
    case "error":
      return `an ${t.kind}`;
    default:
      return `a ${t.kind}`;
  }
}

/** State for one run: which unknown names were already warned about. */
export class AnnotationChecker {
  private readonly warned = new Set<string>();
  private readonly extraKnown: ReadonlySet<string>;

  constructor(
    extraKnown: readonly string[],
    private readonly report: Report,
  ) {
    // Accept "@auth" as well as "auth" from the command line or config.
    this.extraKnown = new Set(extraKnown.map((n) => n.replace(/^@/, "")));
  }

  check(list: readonly A.Annotation[], target: AnnotationTarget): void {
    const seen = new Set<string>();
    for (const a of list) {
      const name = a.name.text;
      if (seen.has(name)) this.report(diag("RPC2064", a.span, name));
      seen.add(name);
      const k = Object.hasOwn(known, name) ? known[name] : undefined;
      if (k === undefined) {
        if (!this.extraKnown.has(name) && !this.warned.has(name)) {
          this.warned.add(name);
          this.report(diagWithHint("RPC2063", a.name.span, didYouMean(name, knownAnnotationNames), name));
        }
        continue;
      }
      if (!k.allowed(target)) {
        this.report(diag("RPC2060", a.span, name, describeTarget(target), k.appliesTo));
        continue;
      }
      const problem = k.checkArgs(a);
      if (problem !== undefined) this.report(diag("RPC2061", problem.at, name, problem.text));
    }
    if (target.kind === "method") {
      const retry = list.find((a) => a.name.text === "retry");
      const idempotent = list.some((a) => a.name.text === "idempotent");
      if (retry !== undefined && !idempotent) this.report(diagWithHint("RPC2062", retry.span, "add @idempotent if running the call twice is safe; otherwise remove @retry"));
      const cluster = list.find((a) => a.name.text === "cluster");
      const strategy = cluster?.args[0]?.name === undefined ? cluster?.args[0] : undefined;
      const value = strategy === undefined ? undefined : evaluate(strategy.value);
      if (cluster !== undefined && !idempotent && value?.kind === "string" && value.value === "hedging") {
        this.report(diagWithHint("RPC2065", cluster.span, 'add @idempotent if running the call twice is safe; otherwise use @cluster("failover") or @cluster("failfast")'));
      }
    }
  }

  /** Every annotation of a file, each against what it is written on. */
  checkFile(file: A.SourceFile): void {
    for (const d of file.declarations) {
      this.check(d.annotations, { kind: d.kind });
      switch (d.kind) {
        case "enum":
          for (const v of d.values) this.check(v.annotations, { kind: "enumValue" });
          break;
        case "struct":
        case "union":
        case "error":
          for (const f of d.fields) this.check(f.annotations, { kind: "field", type: f.type });
          break;
        case "service":
          for (const m of d.methods) {
            this.check(m.annotations, { kind: "method" });
            for (const p of m.params) this.check(p.annotations, { kind: "param", type: p.type });
          }
          break;
        case "const":
          break;
      }
    }
  }
}
