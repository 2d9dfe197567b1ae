/**
 * The imports of one generated module. Walkers ask for a name (from the
 * runtime or from another generated module) and get back the expression to
 * write; the manager records what is used, as a type or as a value, so that
 * only used names are imported (`noUnusedLocals`) and type-only uses get
 * `import type` (so `isolatedModules` transpilers drop them).
 */
import type { SourceFile } from "../ast.js";

/** Names generated code takes from the runtime module. */
export type RuntimeName =
  | "IdlError"
  | "StructSchema"
  | "EnumSchema"
  | "ServiceDescriptor"
  | "CallOptions"
  | "CallContext"
  | "Channel"
  | "Fallback"
  | "withFallback"
  | "BroadcastOptions"
  | "InstanceResult"
  | "broadcastVia";

interface Binding {
  local: string;
  value: boolean;
}

export interface ImportManagerOptions {
  /** The IDL file being emitted. */
  file: SourceFile;
  /** Module specifier of another IDL file's generated module, relative to this one (ends in `.js`). */
  specifierOf: (target: SourceFile) => string;
  /** Where the runtime is imported from, e.g. `rpcgen/runtime`. */
  runtimeSpecifier: string;
  /** Top-level names this module declares; imports are aliased around them. */
  declared: ReadonlySet<string>;
}

export class ImportManager {
  readonly #options: ImportManagerOptions;
  readonly #taken: Set<string>;
  readonly #runtime = new Map<string, Binding>();
  /** Namespace imports by target path (IDL `import "x.idl" as x`). */
  readonly #namespaces = new Map<string, { alias: string; target: SourceFile; value: boolean }>();
  /** Named imports by target path, then by exported name. */
  readonly #named = new Map<string, { target: SourceFile; names: Map<string, Binding> }>();
  readonly #aliases = new Map<string, string>();

  constructor(options: ImportManagerOptions) {
    this.#options = options;
    this.#taken = new Set(options.declared);
    for (const imp of options.file.imports) {
      if (imp.alias !== undefined && imp.resolvedPath !== undefined && !this.#aliases.has(imp.resolvedPath)) {
        this.#aliases.set(imp.resolvedPath, imp.alias.text);
        this.#taken.add(imp.alias.text);
      }
    }
  }

  /** A runtime name, aliased to `$Name` when the module declares `Name` itself. */
  runtime(name: RuntimeName, asValue = false): string {
    let binding = this.#runtime.get(name);
    if (binding === undefined) {
      binding = { local: this.#free(name, `$${name}`), value: false };
      this.#runtime.set(name, binding);
    }
    binding.value ||= asValue;
    return binding.local;
  }

  /** Expression naming `name` declared in the IDL file `target` (maybe this file). */
  ref(target: SourceFile, name: string, asValue: boolean): string {
    if (target.path === this.#options.file.path) return name;
    const alias = this.#aliases.get(target.path);
    if (alias !== undefined) {
      const ns = this.#namespaces.get(target.path) ?? { alias, target, value: false };
      ns.value ||= asValue;
      this.#namespaces.set(target.path, ns);
      return `${alias}.${name}`;
    }
    let entry = this.#named.get(target.path);
    if (entry === undefined) {
      entry = { target, names: new Map() };
      this.#named.set(target.path, entry);
    }
    let binding = entry.names.get(name);
    if (binding === undefined) {
      binding = { local: this.#free(name, `${name}$${this.#named.size}`), value: false };
      entry.names.set(name, binding);
    }
    binding.value ||= asValue;
    return binding.local;
  }

  /** Import statements: the runtime first, then modules by specifier; names sorted. */
  statements(): string[] {
    const out: string[] = [];
    if (this.#runtime.size > 0) out.push(named(this.#options.runtimeSpecifier, this.#runtime));
    const modules: { specifier: string; key: string; text: string }[] = [];
    for (const ns of this.#namespaces.values()) {
      const specifier = this.#options.specifierOf(ns.target);
      const text = `import ${ns.value ? "" : "type "}* as ${ns.alias} from ${JSON.stringify(specifier)};`;
      modules.push({ specifier, key: ns.alias, text });
    }
    for (const entry of this.#named.values()) {
      const specifier = this.#options.specifierOf(entry.target);
      modules.push({ specifier, key: "", text: named(specifier, entry.names) });
    }
    modules.sort((a, b) => compare(a.specifier, b.specifier) || compare(a.key, b.key));
    return [...out, ...modules.map((m) => m.text)];
  }

  #free(preferred: string, fallback: string): string {
    let local = this.#taken.has(preferred) ? fallback : preferred;
    for (let i = 2; this.#taken.has(local); i++) local = `${fallback}${i}`;
    this.#taken.add(local);
    return local;
  }
}

function named(specifier: string, names: ReadonlyMap<string, Binding>): string {
  const sorted = [...names].sort(([a], [b]) => compare(a, b));
  const allTypes = sorted.every(([, b]) => !b.value);
  const specifiers = sorted.map(([name, b]) => `${!allTypes && !b.value ? "type " : ""}${name}${b.local === name ? "" : ` as ${b.local}`}`);
  return `import ${allTypes ? "type " : ""}{ ${specifiers.join(", ")} } from ${JSON.stringify(specifier)};`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
