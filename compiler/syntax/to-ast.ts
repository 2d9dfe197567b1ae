/**
 * CST -> AST. Reads the chevrotain tree of one file and builds compiler/ast.ts
 * declaration nodes with spans (literals and annotations: node-builder.ts).
 * Doc comment attachment and top-level ordering rules live here; name
 * resolution does not.
 * Nodes that recovery left without an essential part (a name, a type) are
 * dropped so that later stages do not report follow-on errors about them.
 */
import type { CstNode, IToken } from "chevrotain";
import type * as A from "../ast.js";
import { diag, diagWithHint } from "../messages.js";
import { nodeRange, sub, subs, tok } from "./cst.js";
import type { DocIndex } from "./docs.js";
import type { LineMap } from "./line-map.js";
import { NodeBuilder } from "./node-builder.js";

const primitiveNames = ["bool", "int32", "int64", "float64", "string", "bytes", "timestamp"] as const;
const primitiveTokenNames = ["Bool", "Int32", "Int64", "Float64", "String", "Bytes", "Timestamp"] as const;

export class AstBuilder extends NodeBuilder {
  /** The file node; {@link item} adds to it. */
  readonly file: A.SourceFile;
  /** An import or declaration came before: a package now is out of place. */
  private seenOther = false;
  /** A declaration came before: an import now is out of place. */
  private seenDecl = false;

  constructor(
    lines: LineMap,
    private readonly docs: DocIndex,
    unterminated: ReadonlySet<IToken>,
    relativePath: string,
  ) {
    super(lines, unterminated);
    this.file = { kind: "file", path: lines.file, relativePath, text: lines.text, imports: [], declarations: [] };
  }

  /** Add one top-level CST item; items come in source order (as the parser finishes each). */
  item(item: CstNode): void {
    const file = this.file;
    const pkg = sub(item, "packageDecl");
    const imp = sub(item, "importDecl");
    const decl = sub(item, "declaration");
    if (pkg !== undefined) {
      const built = this.packageDecl(pkg);
      if (built === undefined) return;
      if (file.package !== undefined) {
        this.diagnostics.push(diag("RPC1009", built.span));
        return;
      }
      if (this.seenOther) this.diagnostics.push(diag("RPC1008", built.span));
      file.package = built;
      const doc = this.docFor(pkg);
      if (doc !== undefined) file.doc = doc;
    } else if (imp !== undefined) {
      const built = this.importDecl(imp);
      if (built === undefined) return;
      if (this.seenDecl) this.diagnostics.push(diag("RPC1010", built.span));
      file.imports.push(built);
      this.seenOther = true;
    } else if (decl !== undefined) {
      const built = this.declaration(decl);
      if (built !== undefined) file.declarations.push(built);
      this.seenOther = true;
      this.seenDecl = true;
    }
  }

  // ------------------------------------------------------------ helpers

  /** The token of a node's `name` child; a keyword there is reported and still used, so checking goes on. */
  private nameToken(n: CstNode): IToken | undefined {
    const name = sub(n, "name");
    if (name === undefined) return undefined;
    const id = tok(name, "Identifier");
    if (id !== undefined) return id;
    const kw = tok(name, "Keyword");
    if (kw !== undefined) this.diagnostics.push(diagWithHint("RPC1012", this.tokenSpan(kw), `rename it, e.g. '${kw.image}Value'`, kw.image));
    return kw;
  }

  private docFor(n: CstNode): A.DocComment | undefined {
    const r = nodeRange(n);
    return r === undefined ? undefined : this.docs.before(r[0]);
  }

  /** Fill the shared declaration parts; undefined when the name is missing. */
  private base(n: CstNode, nameToken: IToken | undefined, annotations: CstNode[]): A.DeclBase | undefined {
    const name = this.ident(nameToken);
    const span = this.nodeSpan(n);
    if (name === undefined || span === undefined) return undefined;
    const out: A.DeclBase = { name, span, annotations: this.annotations(annotations) };
    // Before the annotations, or between them and the declaration itself.
    const doc = this.docFor(n) ?? this.docs.within(span.start.offset, nameToken!.startOffset);
    if (doc !== undefined) out.doc = doc;
    return out;
  }

  // ------------------------------------------------------------ top level

  private packageDecl(n: CstNode): A.PackageDecl | undefined {
    const name = this.qualifiedName(sub(n, "qualifiedName"));
    const span = this.nodeSpan(n);
    return name === undefined || span === undefined ? undefined : { name, span };
  }

  private importDecl(n: CstNode): A.ImportDecl | undefined {
    const pathTok = tok(n, "StringLiteral");
    const span = this.nodeSpan(n);
    if (pathTok === undefined || span === undefined) return undefined;
    const out: A.ImportDecl = { path: this.stringLiteral(pathTok), span };
    const alias = this.ident(this.nameToken(n));
    if (alias !== undefined) out.alias = alias;
    return out;
  }

  private declaration(n: CstNode): A.Declaration | undefined {
    const body = sub(n, "declarationBody");
    if (body === undefined) return undefined;
    const annotations = subs(n, "annotation");
    const c = sub(body, "constDecl");
    if (c !== undefined) return this.constDecl(n, c, annotations);
    const e = sub(body, "enumDecl");
    if (e !== undefined) return this.enumDecl(n, e, annotations);
    const s = sub(body, "structDecl");
    if (s !== undefined) return this.structDecl(n, s, annotations);
    const v = sub(body, "serviceDecl");
    if (v !== undefined) return this.serviceDecl(n, v, annotations);
    return undefined;
  }

  private constDecl(outer: CstNode, n: CstNode, annotations: CstNode[]): A.ConstDecl | undefined {
    const base = this.base(outer, this.nameToken(n), annotations);
    const type = this.type(sub(n, "type"));
    const value = this.literal(sub(n, "literal"));
    if (base === undefined || type === undefined || value === undefined) return undefined;
    return { kind: "const", ...base, type, value };
  }

  private enumDecl(outer: CstNode, n: CstNode, annotations: CstNode[]): A.EnumDecl | undefined {
    const base = this.base(outer, this.nameToken(n), annotations);
    if (base === undefined) return undefined;
    const values: A.EnumValue[] = [];
    for (const v of subs(n, "enumValue")) {
      const vb = this.base(v, this.nameToken(v), subs(v, "annotation"));
      if (vb === undefined) continue;
      const value: A.EnumValue = { kind: "enumValue", ...vb };
      const num = tok(v, "IntLiteral");
      if (num !== undefined) value.explicit = this.intLiteral(num);
      values.push(value);
    }
    return { kind: "enum", ...base, values };
  }

  private structDecl(outer: CstNode, n: CstNode, annotations: CstNode[]): A.StructDecl | A.UnionDecl | A.ErrorDecl | undefined {
    const base = this.base(outer, this.nameToken(n), annotations);
    if (base === undefined) return undefined;
    const fields = this.fields(subs(n, "field"));
    const kind = n.children["Union"] !== undefined ? "union" : n.children["Error"] !== undefined ? "error" : "struct";
    return { kind, ...base, fields };
  }

  private fields(nodes: CstNode[]): A.Field[] {
    const out: A.Field[] = [];
    for (const f of nodes) {
      const base = this.base(f, this.nameToken(f), subs(f, "annotation"));
      const idTok = tok(f, "IntLiteral");
      const type = this.type(sub(f, "type"));
      if (base === undefined || idTok === undefined || type === undefined) continue;
      const optional = tok(f, "Optional");
      const field: A.Field = { kind: "field", ...base, id: this.intLiteral(idTok), optional: optional !== undefined, type };
      if (optional !== undefined) field.optionalSpan = this.tokenSpan(optional);
      const def = this.literal(sub(f, "literal"));
      if (def !== undefined) field.default = def;
      out.push(field);
    }
    return out;
  }

  private serviceDecl(outer: CstNode, n: CstNode, annotations: CstNode[]): A.ServiceDecl | undefined {
    const base = this.base(outer, this.nameToken(n), annotations);
    if (base === undefined) return undefined;
    const out: A.ServiceDecl = { kind: "service", ...base, methods: [] };
    const ext = this.qualifiedName(sub(n, "qualifiedName"));
    if (ext !== undefined) out.extends = { kind: "named", name: ext, span: ext.span };
    for (const m of subs(n, "method")) {
      const method = this.method(m);
      if (method !== undefined) out.methods.push(method);
    }
    return out;
  }

  private method(n: CstNode): A.Method | undefined {
    const base = this.base(n, this.nameToken(n), subs(n, "annotation"));
    const returns = this.returnType(sub(n, "returnType"));
    if (base === undefined || returns === undefined) return undefined;
    const out: A.Method = { kind: "method", ...base, oneway: false, returns, params: this.fields(subs(n, "field")), throws: [] };
    const oneway = tok(n, "Oneway");
    if (oneway !== undefined) {
      out.oneway = true;
      out.onewaySpan = this.tokenSpan(oneway);
    }
    const throwsTok = tok(n, "Throws");
    if (throwsTok !== undefined) {
      out.throwsSpan = this.tokenSpan(throwsTok);
      for (const q of subs(n, "qualifiedName")) {
        const name = this.qualifiedName(q);
        if (name !== undefined) out.throws.push({ kind: "named", name, span: name.span });
      }
    }
    return out;
  }

  // ------------------------------------------------------------ types

  private returnType(n: CstNode | undefined): A.ReturnType | undefined {
    if (n === undefined) return undefined;
    const v = tok(n, "Void");
    if (v !== undefined) return { kind: "void", span: this.tokenSpan(v) };
    return this.type(sub(n, "type"));
  }

  private type(n: CstNode | undefined): A.TypeNode | undefined {
    if (n === undefined) return undefined;
    for (let i = 0; i < primitiveTokenNames.length; i++) {
      const t = tok(n, primitiveTokenNames[i]!);
      if (t !== undefined) return { kind: "primitive", name: primitiveNames[i]!, span: this.tokenSpan(t) };
    }
    const list = sub(n, "listType");
    if (list !== undefined) {
      const element = this.type(sub(list, "type"));
      const span = this.nodeSpan(list);
      return element === undefined || span === undefined ? undefined : { kind: "listType", element, span };
    }
    const map = sub(n, "mapType");
    if (map !== undefined) {
      const key = this.type(sub(map, "key"));
      const value = this.type(sub(map, "value"));
      const span = this.nodeSpan(map);
      return key === undefined || value === undefined || span === undefined ? undefined : { kind: "mapType", key, value, span };
    }
    const name = this.qualifiedName(sub(n, "qualifiedName"));
    return name === undefined ? undefined : { kind: "named", name, span: name.span };
  }
}
