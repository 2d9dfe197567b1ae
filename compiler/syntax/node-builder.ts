/**
 * The part of the CST visitor shared by every node: spans, identifiers,
 * qualified names, annotations and literals (numbers, strings with escapes,
 * durations, lists, references). to-ast.ts builds declarations on top.
 */
import type { CstNode, IToken } from "chevrotain";
import type * as A from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { diag } from "../messages.js";
import { nodeRange, sub, subs, tok, toks } from "./cst.js";
import type { LineMap } from "./line-map.js";
import { decodeString } from "./literals.js";

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export class NodeBuilder {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    protected readonly lines: LineMap,
    private readonly unterminated: ReadonlySet<IToken>,
  ) {}

  protected tokenSpan(t: IToken): A.Span {
    return this.lines.span(t.startOffset, t.startOffset + t.image.length);
  }

  protected nodeSpan(n: CstNode): A.Span | undefined {
    const r = nodeRange(n);
    return r === undefined ? undefined : this.lines.span(r[0], r[1]);
  }

  protected ident(t: IToken | undefined): A.Identifier | undefined {
    return t === undefined ? undefined : { kind: "identifier", text: t.image, span: this.tokenSpan(t) };
  }

  protected qualifiedName(n: CstNode | undefined): A.QualifiedName | undefined {
    if (n === undefined) return undefined;
    const parts = toks(n, "Identifier").map((t) => this.ident(t)!);
    const span = this.nodeSpan(n);
    if (parts.length === 0 || span === undefined) return undefined;
    // A trailing dot left by recovery: end the span at the last identifier.
    return { kind: "qualifiedName", parts, span: { ...span, end: parts[parts.length - 1]!.span.end } };
  }

  protected annotations(nodes: CstNode[]): A.Annotation[] {
    const out: A.Annotation[] = [];
    for (const n of nodes) {
      const name = this.ident(tok(n, "Identifier"));
      const span = this.nodeSpan(n);
      if (name === undefined || span === undefined) continue;
      const args: A.AnnotationArg[] = [];
      for (const a of subs(n, "annotationArg")) {
        const value = this.literal(sub(a, "literal"));
        const aspan = this.nodeSpan(a);
        if (value === undefined || aspan === undefined) continue;
        const arg: A.AnnotationArg = { value, span: aspan };
        const argName = this.ident(tok(a, "argName"));
        if (argName !== undefined) arg.name = argName;
        args.push(arg);
      }
      out.push({ kind: "annotation", name, args, hasParens: n.children["LParen"] !== undefined, span });
    }
    return out;
  }

  protected literal(n: CstNode | undefined): A.Literal | undefined {
    if (n === undefined) return undefined;
    let t: IToken | undefined;
    if ((t = tok(n, "IntLiteral")) !== undefined) return this.intLiteral(t);
    if ((t = tok(n, "FloatLiteral")) !== undefined) {
      const value = Number(t.image);
      if (!Number.isFinite(value)) this.diagnostics.push(diag("RPC1011", this.tokenSpan(t), t.image));
      return { kind: "float", value, text: t.image, span: this.tokenSpan(t) };
    }
    if ((t = tok(n, "StringLiteral")) !== undefined) return this.stringLiteral(t);
    if ((t = tok(n, "DurationLiteral")) !== undefined) {
      const m = /^(\d+)(ms|s|m|h)$/.exec(t.image)!;
      return { kind: "duration", millis: Number(m[1]) * durationUnits[m[2]!]!, text: t.image, span: this.tokenSpan(t) };
    }
    if ((t = tok(n, "True")) !== undefined) return { kind: "bool", value: true, span: this.tokenSpan(t) };
    if ((t = tok(n, "False")) !== undefined) return { kind: "bool", value: false, span: this.tokenSpan(t) };
    const list = sub(n, "listLiteral");
    if (list !== undefined) {
      const span = this.nodeSpan(list);
      if (span === undefined) return undefined;
      const items: A.Literal[] = [];
      for (const item of subs(list, "literal")) {
        // An item recovery (or the nesting limit) left incomplete drops the list: no follow-on type errors.
        const lit = this.literal(item);
        if (lit === undefined) return undefined;
        items.push(lit);
      }
      return { kind: "list", items, span };
    }
    const name = this.qualifiedName(sub(n, "qualifiedName"));
    return name === undefined ? undefined : { kind: "ref", name, span: name.span };
  }

  protected intLiteral(t: IToken): A.IntLiteral {
    const neg = t.image.startsWith("-");
    const magnitude = BigInt(neg ? t.image.slice(1) : t.image);
    return { kind: "int", value: neg ? -magnitude : magnitude, text: t.image, span: this.tokenSpan(t) };
  }

  protected stringLiteral(t: IToken): A.StringLiteral {
    const closed = !this.unterminated.has(t);
    const body = t.image.slice(1, closed ? -1 : undefined);
    const value = decodeString(body, (offset, length, text, lone) => {
      const span = this.lines.span(t.startOffset + 1 + offset, t.startOffset + 1 + offset + length);
      this.diagnostics.push(lone ? diag("RPC1015", span, text) : diag("RPC1004", span, text));
    });
    return { kind: "string", value, span: this.tokenSpan(t) };
  }
}
