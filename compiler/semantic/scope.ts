/**
 * Scopes: what names a file can see. A file sees its own top-level
 * declarations, every top-level declaration of a file it imports without
 * `as` (not transitively), and `alias.Name` for each `import ... as alias`.
 * Duplicate names and collisions between imports are reported here.
 */
import type { Declaration, SourceFile } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { diag } from "../messages.js";

/** A declaration and the file that holds it. */
export interface SymbolRef {
  decl: Declaration;
  file: SourceFile;
}

export class FileScope {
  /** This file's own declarations. */
  readonly local = new Map<string, Declaration>();
  /** Names brought in by unqualified imports. */
  readonly imported = new Map<string, SymbolRef>();
  /** `import "x.idl" as alias` -> the scope of x.idl. */
  readonly aliases = new Map<string, FileScope>();

  constructor(readonly file: SourceFile) {}

  /** An unqualified name: own declarations first, then unqualified imports. */
  lookup(name: string): SymbolRef | undefined {
    const decl = this.local.get(name);
    if (decl !== undefined) return { decl, file: this.file };
    return this.imported.get(name);
  }

  /** A name as another file sees it through an alias: only that file's own declarations. */
  lookupExported(name: string): SymbolRef | undefined {
    const decl = this.local.get(name);
    return decl === undefined ? undefined : { decl, file: this.file };
  }

  /** Every name visible in this file, qualified where needed (for "did you mean"). */
  *visibleNames(): Iterable<[string, SymbolRef]> {
    for (const [name, decl] of this.local) yield [name, { decl, file: this.file }];
    for (const entry of this.imported) yield entry;
    for (const [alias, scope] of this.aliases) {
      for (const [name, decl] of scope.local) yield [`${alias}.${name}`, { decl, file: scope.file }];
    }
  }
}

/** Build the scope of every file; two passes so that imports see complete local tables. */
export function buildScopes(files: readonly SourceFile[]): { scopes: Map<SourceFile, FileScope>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const scopes = new Map<SourceFile, FileScope>();
  const byPath = new Map<string, FileScope>();
  for (const file of files) {
    const scope = new FileScope(file);
    for (const decl of file.declarations) {
      const first = scope.local.get(decl.name.text);
      if (first !== undefined) {
        const related = [{ message: `'${first.name.text}' first declared here`, span: first.name.span }];
        diagnostics.push({ ...diag("RPC2015", decl.name.span, decl.name.text, first.name.span.start.line), related });
        continue;
      }
      scope.local.set(decl.name.text, decl);
    }
    scopes.set(file, scope);
    byPath.set(file.path, scope);
  }

  for (const file of files) {
    const scope = scopes.get(file)!;
    for (const imp of file.imports) {
      const target = imp.resolvedPath === undefined ? undefined : byPath.get(imp.resolvedPath);
      if (target === undefined) continue;
      if (imp.alias !== undefined) {
        const alias = imp.alias.text;
        const clash = scope.local.get(alias);
        if (scope.aliases.has(alias) || clash !== undefined) {
          const line = clash !== undefined ? clash.name.span.start.line : aliasLine(file, alias);
          diagnostics.push(diag("RPC2015", imp.alias.span, alias, line));
          continue;
        }
        scope.aliases.set(alias, target);
        continue;
      }
      if (target === scope) continue;
      for (const [name, decl] of target.local) {
        const own = scope.local.get(name);
        const other = scope.imported.get(name);
        if (own !== undefined) {
          diagnostics.push(diag("RPC2016", imp.path.span, name, imp.path.value, "declared in this file"));
        } else if (other !== undefined && other.file !== target.file) {
          diagnostics.push(diag("RPC2016", imp.path.span, name, imp.path.value, `imported from '${other.file.relativePath}'`));
        } else if (other === undefined) {
          scope.imported.set(name, { decl, file: target.file });
        }
      }
    }
  }
  return { scopes, diagnostics };
}

function aliasLine(file: SourceFile, alias: string): number {
  const first = file.imports.find((i) => i.alias?.text === alias);
  return first?.span.start.line ?? 1;
}
