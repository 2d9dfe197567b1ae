/**
 * What every walker of one generated module needs: the IDL file, its package
 * and the module's import manager.
 */
import type { Declaration, NamedType, SourceFile, TypeDecl } from "../ast.js";
import type { ImportManager } from "./imports.js";
import { EmitInternalError } from "./values.js";

export interface EmitContext {
  /** The IDL file being emitted. */
  readonly file: SourceFile;
  /** Its package (`""` when it has none). */
  readonly pkg: string;
  readonly imports: ImportManager;
}

/** Package name of an IDL file, `""` when it declares none. */
export function packageOf(file: SourceFile): string {
  return file.package === undefined ? "" : file.package.name.parts.map((p) => p.text).join(".");
}

/** Name with package: `shop.orders.Order`, or just `Order` without a package. */
export function fullName(file: SourceFile, name: string): string {
  const pkg = packageOf(file);
  return pkg === "" ? name : `${pkg}.${name}`;
}

/** The declaration a named type refers to; the front end must have resolved it. */
export function resolvedType(type: NamedType): { decl: TypeDecl; file: SourceFile } {
  if (type.resolved === undefined) {
    throw new EmitInternalError(`unresolved type '${type.name.parts.map((p) => p.text).join(".")}'`);
  }
  return type.resolved;
}

/**
 * The declaration a named reference resolves to, whatever its kind: the AST
 * types `resolved` as a TypeDecl, but `extends` points at a service.
 */
export function resolvedDeclaration(type: NamedType): { decl: Declaration; file: SourceFile } {
  const r = type.resolved as { decl: Declaration; file: SourceFile } | undefined;
  if (r === undefined) throw new EmitInternalError(`unresolved name '${type.name.parts.map((p) => p.text).join(".")}'`);
  return r;
}
