/**
 * Names that cannot be emitted as written. Each rule reports an RPC3xxx error
 * with the offending name and a suggested rename, so that the emitter never
 * writes broken TypeScript. Runtime imports are aliased instead (`$Channel`)
 * when an IDL name takes theirs, so those names need no rule. Union members
 * need none either: every member has the same `{ kind, value }` shape, so a
 * member called `kind` or `value` is just a string in `kind`.
 */
import type { Declaration, Program, SourceFile, Span } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { diagWithHint } from "../messages.js";
import { serviceMethods } from "./service.js";
import { requestName } from "./signatures.js";
import { initName } from "./type-refs.js";

/** Reserved words of strict-mode module code (ES2015+), plus `arguments`/`eval`, which cannot be bound. */
const reservedWords = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await arguments eval"
  ).split(" "),
);

/** Names TypeScript refuses for an interface, a class or a type alias. */
const builtinTypeNames = new Set(["any", "unknown", "number", "string", "boolean", "bigint", "symbol", "object", "never", "undefined", "void"]);

/** Globals generated code refers to (types and values); a top-level IDL name must not shadow them. */
const usedGlobals = new Set(["Map", "Date", "Uint8Array", "Promise", "Error", "JSON", "BigInt", "Number", "undefined", "NaN", "Infinity", "globalThis"]);

/** Keys the runtime's decoder never sets on objects (prototype pollution guard) or that break an object literal. */
const droppedKeys = new Set(["__proto__", "constructor", "prototype"]);

/** Methods every Error inherits; an error field of that name would break the class (message/name/stack/cause are the front end's RPC2090). */
const errorMethods = new Set(["toString", "toLocaleString", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable"]);

const badMethodNames: ReadonlyMap<string, string> = new Map([
  ["then", "a client with a 'then' method is taken for a promise by 'await'"],
  ["constructor", "it is the generated client's constructor"],
  ["broadcast", "the generated client's 'broadcast' property calls every instance"],
  ["__proto__", "it would replace the prototype of the generated methods table"],
]);

const kindText: Record<Declaration["kind"], string> = {
  const: "a constant",
  enum: "an enum",
  struct: "a struct",
  union: "a union",
  error: "an error",
  service: "a service",
};

/** Names a declaration adds to the module besides its own: `XClient`, `XClientOptions`, `XBroadcast`, `XHandler`, request types, `XInit`, `X$schema`. */
function derivedNames(d: Declaration, file: SourceFile): { name: string; what: string; span?: Span }[] {
  if (d.kind === "service") {
    const out: { name: string; what: string; span?: Span }[] = [
      { name: `${d.name.text}Client`, what: "client class" },
      { name: `${d.name.text}ClientOptions`, what: "client options interface" },
      { name: `${d.name.text}Broadcast`, what: "broadcast class" },
      { name: `${d.name.text}Handler`, what: "handler interface" },
    ];
    for (const { method } of serviceMethods(d, file)) {
      for (const shape of ["read", "init"] as const) out.push({ name: requestName(d, method, shape), what: "request type", span: method.name.span });
    }
    return out;
  }
  if (d.kind === "const") return [];
  const out = [{ name: `${d.name.text}$schema`, what: "schema constant" }];
  if (d.kind === "struct" || d.kind === "union") out.push({ name: initName(d.name.text), what: "write shape" });
  return out;
}

/** Every top-level name the generated module declares. */
export function topLevelNames(file: SourceFile): Set<string> {
  const names = new Set<string>();
  for (const d of file.declarations) {
    names.add(d.name.text);
    for (const x of derivedNames(d, file)) names.add(x.name);
  }
  return names;
}

function rename(name: string): string {
  return `rename it, for example to '${name}_'`;
}

/** Check every root file of the program; diagnostics in source order, without duplicates. */
export function checkNames(program: Program): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const report = (code: Parameters<typeof diagWithHint>[0], span: Span, hint: string, ...args: string[]): void => {
    const key = `${code}:${span.file}:${span.start.offset}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(diagWithHint(code, span, hint, ...args));
  };
  for (const file of program.roots) checkFile(file, report);
  return out;
}

type Report = (code: Parameters<typeof diagWithHint>[0], span: Span, hint: string, ...args: string[]) => void;

function checkFile(file: SourceFile, report: Report): void {
  const derived = new Map<string, { what: string; owner: string }>();
  for (const d of file.declarations) {
    for (const x of derivedNames(d, file)) {
      // Two generated names alike (methods `place` and `Place` give one request type): the later one must be renamed.
      const earlier = derived.get(x.name);
      if (earlier !== undefined && x.span !== undefined) report("RPC3004", x.span, "rename one of the two methods", x.name, earlier.what, earlier.owner);
      derived.set(x.name, { what: x.what, owner: d.name.text });
    }
  }

  for (const imp of file.imports) {
    if (imp.alias === undefined) continue;
    const alias = imp.alias.text;
    if (reservedWords.has(alias)) report("RPC3001", imp.alias.span, rename(alias), alias, "an import alias");
    const clash = derived.get(alias);
    if (clash !== undefined) report("RPC3004", imp.alias.span, rename(alias), alias, clash.what, clash.owner);
  }

  for (const d of file.declarations) {
    const name = d.name.text;
    if (reservedWords.has(name)) report("RPC3001", d.name.span, rename(name), name, kindText[d.kind]);
    if (d.kind !== "const" && d.kind !== "service" && builtinTypeNames.has(name)) report("RPC3002", d.name.span, rename(name), name, kindText[d.kind]);
    if (usedGlobals.has(name)) report("RPC3003", d.name.span, rename(name), name);
    const clash = derived.get(name);
    if (clash !== undefined) report("RPC3004", d.name.span, rename(name), name, clash.what, clash.owner);

    if (d.kind === "enum") {
      for (const v of d.values) if (v.name.text === "__proto__") report("RPC3005", v.name.span, rename(v.name.text), v.name.text, "an enum value");
    }
    if (d.kind === "struct" || d.kind === "error") {
      for (const f of d.fields) {
        const field = f.name.text;
        if (droppedKeys.has(field)) report("RPC3005", f.name.span, rename(field), field, "a field");
        if (d.kind === "error" && errorMethods.has(field)) report("RPC3006", f.name.span, rename(field), field, name);
      }
    }
    if (d.kind === "service") {
      for (const { method } of serviceMethods(d, file)) {
        const why = badMethodNames.get(method.name.text);
        if (why !== undefined) report("RPC3007", method.name.span, rename(method.name.text), method.name.text, why);
        // Parameters are keys of the request object: only the keys a decoder never sets are refused.
        for (const p of method.params) {
          const param = p.name.text;
          if (droppedKeys.has(param)) report("RPC3005", p.name.span, rename(param), param, "a parameter");
        }
      }
    }
  }
}
