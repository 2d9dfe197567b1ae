/**
 * Name resolution: fills NamedType.resolved, RefLiteral.resolved and
 * ServiceDecl.resolvedExtends, and reports unknown names (with "did you
 * mean"), names of the wrong kind, and uses of @deprecated declarations.
 */
import type * as A from "../ast.js";
import { diag, diagWithHint } from "../messages.js";
import { deprecation } from "./annotations-util.js";
import type { Report } from "./context.js";
import type { FileScope, SymbolRef } from "./scope.js";
import { didYouMean, hintFor, newBudget, Suggester, type SuggestionBudget } from "./suggest.js";

/** How messages name a kind of declaration. */
export function kindName(decl: A.Declaration): string {
  return decl.kind === "const" ? "constant" : decl.kind;
}

function isTypeDecl(decl: A.Declaration): decl is A.TypeDecl {
  return decl.kind === "enum" || decl.kind === "struct" || decl.kind === "union" || decl.kind === "error";
}

function written(q: A.QualifiedName): string {
  return q.parts.map((p) => p.text).join(".");
}

/**
 * Names people write for a type from other IDLs and languages (Thrift,
 * protobuf, TypeScript), and the built-in type meant.
 */
const foreignTypeNames: Record<string, string> = {
  int: "int32",
  integer: "int32",
  i32: "int32",
  uint32: "int32",
  sint32: "int32",
  long: "int64",
  i64: "int64",
  uint64: "int64",
  sint64: "int64",
  double: "float64",
  float: "float64",
  float32: "float64",
  number: "float64",
  boolean: "bool",
  str: "string",
  binary: "bytes",
  Date: "timestamp",
  datetime: "timestamp",
};

const builtinTypeNames = ["bool", "int32", "int64", "float64", "string", "bytes", "timestamp"];

/** Which names a "did you mean" may offer. */
type HintKind = "type" | "error" | "service" | "value";

/** Suggesters of one file, built once per kind: thousands of unknown names share them (issue 10). */
class FileHints {
  private readonly built = new Map<HintKind, Suggester>();
  private readonly budget: SuggestionBudget = newBudget();

  constructor(private readonly scope: FileScope) {}

  suggester(kind: HintKind): Suggester {
    let s = this.built.get(kind);
    if (s === undefined) {
      s = new Suggester(this.candidates(kind), this.budget);
      this.built.set(kind, s);
    }
    return s;
  }

  private *candidates(kind: HintKind): Iterable<string> {
    if (kind === "type") yield* builtinTypeNames;
    for (const [n, sym] of this.scope.visibleNames()) {
      if (kind === "value") {
        if (sym.decl.kind === "const") yield n;
        else if (sym.decl.kind === "enum") for (const v of sym.decl.values) yield `${n}.${v.name.text}`;
      } else if (accepts(kind, sym.decl)) yield n;
    }
  }
}

function accepts(kind: HintKind, decl: A.Declaration): boolean {
  if (kind === "type") return isTypeDecl(decl);
  if (kind === "error") return decl.kind === "error";
  if (kind === "service") return decl.kind === "service";
  return decl.kind === "const" || decl.kind === "enum";
}

export class Resolver {
  constructor(private readonly report: Report) {}

  resolveFile(scope: FileScope): void {
    const hints = new FileHints(scope);
    for (const decl of scope.file.declarations) {
      const use = new UseSite(scope, decl, this.report, hints);
      use.annotations(decl.annotations);
      switch (decl.kind) {
        case "const":
          use.type(decl.type);
          use.literal(decl.value);
          break;
        case "enum":
          for (const v of decl.values) use.annotations(v.annotations);
          break;
        case "struct":
        case "union":
        case "error":
          for (const f of decl.fields) use.field(f);
          break;
        case "service":
          if (decl.extends !== undefined) use.extendsService(decl, decl.extends);
          for (const m of decl.methods) {
            use.annotations(m.annotations);
            if (m.returns.kind !== "void") use.type(m.returns);
            for (const p of m.params) use.field(p);
            for (const t of m.throws) use.throwsType(t);
          }
          break;
      }
    }
  }
}

/** Resolution inside one top-level declaration (the owner, exempt from its own deprecation warning). */
class UseSite {
  constructor(
    private readonly scope: FileScope,
    private readonly owner: A.Declaration,
    private readonly report: Report,
    private readonly hints: FileHints,
  ) {}

  field(f: A.Field): void {
    this.annotations(f.annotations);
    this.type(f.type);
    if (f.default !== undefined) this.literal(f.default);
  }

  annotations(list: readonly A.Annotation[]): void {
    for (const a of list) for (const arg of a.args) this.literal(arg.value);
  }

  type(t: A.TypeNode): void {
    switch (t.kind) {
      case "primitive":
        return;
      case "listType":
        return this.type(t.element);
      case "mapType":
        this.type(t.key);
        return this.type(t.value);
      case "named": {
        const sym = this.find(t.name);
        if (sym === undefined) {
          this.report(diagWithHint("RPC2001", t.span, this.hint(t.name, "type"), written(t.name)));
          return;
        }
        if (!isTypeDecl(sym.decl)) {
          this.report(diag("RPC2004", t.span, written(t.name), kindName(sym.decl)));
          return;
        }
        t.resolved = { decl: sym.decl, file: sym.file };
        this.warnDeprecated(sym.decl, t.span, written(t.name));
      }
    }
  }

  throwsType(t: A.NamedType): void {
    const sym = this.find(t.name);
    if (sym === undefined) {
      this.report(diagWithHint("RPC2001", t.span, this.hint(t.name, "error"), written(t.name)));
      return;
    }
    if (sym.decl.kind !== "error") {
      this.report(diag("RPC2042", t.span, written(t.name), kindName(sym.decl)));
      return;
    }
    t.resolved = { decl: sym.decl, file: sym.file };
    this.warnDeprecated(sym.decl, t.span, written(t.name));
  }

  extendsService(service: A.ServiceDecl, t: A.NamedType): void {
    const sym = this.find(t.name);
    if (sym === undefined) {
      this.report(diagWithHint("RPC2045", t.span, this.hint(t.name, "service"), written(t.name)));
      return;
    }
    if (sym.decl.kind !== "service") {
      this.report(diag("RPC2044", t.span, service.name.text, written(t.name), kindName(sym.decl)));
      return;
    }
    service.resolvedExtends = { decl: sym.decl, file: sym.file };
    this.warnDeprecated(sym.decl, t.span, written(t.name));
  }

  literal(l: A.Literal): void {
    if (l.kind === "list") {
      for (const item of l.items) this.literal(item);
      return;
    }
    if (l.kind !== "ref") return;
    const parts = l.name.parts;
    const name = written(l.name);
    // `X` or `alias.X`: a constant.
    const direct = this.find(l.name);
    if (direct !== undefined) {
      if (direct.decl.kind === "const") {
        l.resolved = { kind: "const", decl: direct.decl, file: direct.file };
        this.warnDeprecated(direct.decl, l.span, name);
      } else {
        this.report(diag("RPC2005", l.span, name, kindName(direct.decl)));
      }
      return;
    }
    // `Enum.VALUE` or `alias.Enum.VALUE`.
    const enumName: A.QualifiedName = { ...l.name, parts: parts.slice(0, -1) };
    const owner = parts.length >= 2 ? this.find(enumName) : undefined;
    if (owner !== undefined && owner.decl.kind === "enum") {
      const valueId = parts[parts.length - 1]!;
      const value = owner.decl.values.find((v) => v.name.text === valueId.text);
      if (value === undefined) {
        const hint = didYouMean(valueId.text, owner.decl.values.map((v) => v.name.text));
        this.report(diagWithHint("RPC2003", valueId.span, hint, written(enumName), valueId.text));
        return;
      }
      l.resolved = { kind: "enumValue", decl: owner.decl, value, file: owner.file };
      const why = deprecation(value.annotations) ?? deprecation(owner.decl.annotations);
      if (why !== undefined && owner.decl !== this.owner) this.report(diag("RPC2070", l.span, name, why === "" ? "" : `: ${why}`));
      return;
    }
    this.report(diagWithHint("RPC2002", l.span, this.valueHint(l.name), name));
  }

  /** `X` in this scope, or `alias.X` through an import alias. */
  private find(q: A.QualifiedName): SymbolRef | undefined {
    const parts = q.parts;
    if (parts.length === 1) return this.scope.lookup(parts[0]!.text);
    if (parts.length === 2) return this.scope.aliases.get(parts[0]!.text)?.lookupExported(parts[1]!.text);
    return undefined;
  }

  private warnDeprecated(decl: A.Declaration, span: A.Span, name: string): void {
    if (decl === this.owner) return;
    const why = deprecation(decl.annotations);
    if (why !== undefined) this.report(diag("RPC2070", span, name, why === "" ? "" : `: ${why}`));
  }

  private hint(q: A.QualifiedName, kind: HintKind): string | undefined {
    const name = written(q);
    if (kind === "type" && Object.hasOwn(foreignTypeNames, name)) return hintFor(foreignTypeNames[name]);
    return hintFor(this.throughAlias(q, kind) ?? this.hints.suggester(kind).closest(name));
  }

  /** Constants and enum values visible here, for "did you mean". */
  private valueHint(q: A.QualifiedName): string | undefined {
    return hintFor(this.throughAlias(q, "value") ?? this.hints.suggester("value").closest(written(q)));
  }

  /**
   * `Money` written where only `common.Money` is visible (an `import ... as
   * common`): the qualified name, when exactly that declaration exists there.
   */
  private throughAlias(q: A.QualifiedName, kind: HintKind): string | undefined {
    const first = q.parts[0]!.text;
    if (this.scope.lookup(first) !== undefined) return undefined;
    for (const [alias, target] of this.scope.aliases) {
      const decl = target.lookupExported(first)?.decl;
      if (decl === undefined || !accepts(kind, decl)) continue;
      if (kind === "value" && decl.kind === "enum") {
        const value = q.parts[1]?.text;
        if (q.parts.length !== 2 || !decl.values.some((v) => v.name.text === value)) continue;
      } else if (q.parts.length !== 1) continue;
      return `${alias}.${written(q)}`;
    }
    return undefined;
  }
}
