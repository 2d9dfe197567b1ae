/**
 * Services: the method list with inheritance resolved, and the run-time
 * ServiceDescriptor literal.
 */
import type { Annotation, Method, ServiceDecl, SourceFile } from "../ast.js";
import { fullName, packageOf, resolvedDeclaration, resolvedType, type EmitContext } from "./context.js";
import { docText } from "./docs.js";
import { arr, constStatement, obj, printJs, str, type Js } from "./js.js";
import { annotationsJs, fieldJs } from "./schemas.js";
import { typeSchema } from "./type-refs.js";
import { evaluate, printUntyped, type Value } from "./values.js";

/** A method as the service offers it: its own or inherited from a service it extends. */
export interface ServiceMethod {
  readonly method: Method;
  /** The service that declares it, and that service's file. */
  readonly owner: ServiceDecl;
  readonly ownerFile: SourceFile;
}

/** The service, then the service it extends, and so on (cycles cut; the front end reports them). */
export function serviceChain(service: ServiceDecl, file: SourceFile): { service: ServiceDecl; file: SourceFile }[] {
  const chain: { service: ServiceDecl; file: SourceFile }[] = [];
  let current: { service: ServiceDecl; file: SourceFile } | undefined = { service, file };
  while (current !== undefined && !chain.some((c) => c.service === current?.service)) {
    chain.push(current);
    current = baseOf(current.service);
  }
  return chain;
}

/** The service `extends` names, as the checker resolved it (older front ends filled `extends.resolved`). */
function baseOf(service: ServiceDecl): { service: ServiceDecl; file: SourceFile } | undefined {
  if (service.resolvedExtends !== undefined) return { service: service.resolvedExtends.decl, file: service.resolvedExtends.file };
  if (service.extends?.resolved === undefined) return undefined;
  const r = resolvedDeclaration(service.extends);
  return r.decl.kind === "service" ? { service: r.decl, file: r.file } : undefined;
}

/** Every method of the service: inherited ones first (base-most first), then its own; an own method replaces a same-named one. */
export function serviceMethods(service: ServiceDecl, file: SourceFile): ServiceMethod[] {
  const byName = new Map<string, ServiceMethod>();
  for (const { service: s, file: f } of serviceChain(service, file).reverse()) {
    for (const method of s.methods) byName.set(method.name.text, { method, owner: s, ownerFile: f });
  }
  return [...byName.values()];
}

function annotation(list: readonly Annotation[], name: string): Annotation | undefined {
  return list.find((a) => a.name.text === name);
}

function argValue(a: Annotation | undefined, name?: string): Value | undefined {
  const arg = a?.args.find((x) => (name === undefined ? x.name === undefined : x.name?.text === name));
  return arg === undefined ? undefined : evaluate(arg.value);
}

function numberOf(v: Value | undefined): number | undefined {
  return v?.t === "int" ? Number(v.v) : v?.t === "float" ? v.v : undefined;
}

/** `@timeout` of the method, else of the service called, else of the services it extends (nearest first). */
export function timeoutMs(m: ServiceMethod, chain: readonly { service: ServiceDecl }[]): number | undefined {
  const own = numberOf(argValue(annotation(m.method.annotations, "timeout")));
  if (own !== undefined) return own;
  for (const { service } of chain) {
    const t = numberOf(argValue(annotation(service.annotations, "timeout")));
    if (t !== undefined) return t;
  }
  return undefined;
}

/** `@retry(max, backoff)`; a missing argument takes the runtime's default (3 attempts, 100 ms). */
function retryJs(method: Method): Js | undefined {
  const a = annotation(method.annotations, "retry");
  if (a === undefined) return undefined;
  return obj([
    ["max", String(numberOf(argValue(a, "max")) ?? 3)],
    ["backoffMs", String(numberOf(argValue(a, "backoff")) ?? 100)],
  ]);
}

/** `@cluster(strategy, ...)` as the runtime's MethodCluster; only the arguments given. */
function clusterJs(method: Method): Js | undefined {
  const a = annotation(method.annotations, "cluster");
  const strategy = argValue(a);
  if (a === undefined || strategy?.t !== "string") return undefined;
  const retries = numberOf(argValue(a, "retries"));
  const delay = numberOf(argValue(a, "delay"));
  const attempts = numberOf(argValue(a, "attempts"));
  return obj([
    ["strategy", str(strategy.v)],
    ["retries", retries === undefined ? undefined : String(retries)],
    ["delayMs", delay === undefined ? undefined : String(delay)],
    ["attempts", attempts === undefined ? undefined : String(attempts)],
  ]);
}

export function methodJs(m: ServiceMethod, serviceName: string, chain: readonly { service: ServiceDecl }[], ctx: EmitContext): Js {
  const { method } = m;
  const timeout = timeoutMs(m, chain);
  return obj([
    ["name", str(method.name.text)],
    ["service", str(serviceName)],
    ["kind", str(method.oneway ? "oneway" : "unary")],
    ["params", arr(method.params.map((p) => fieldJs(p, ctx)))],
    ["returns", method.returns.kind === "void" ? undefined : typeSchema(method.returns, ctx)],
    [
      "throws",
      arr(
        method.throws.map((t) => {
          const { decl, file } = resolvedType(t);
          return `${ctx.imports.ref(file, decl.name.text, true)}.schema`;
        }),
      ),
    ],
    ["idempotent", String(annotation(method.annotations, "idempotent") !== undefined)],
    ["timeoutMs", timeout === undefined ? undefined : String(timeout)],
    ["retry", retryJs(method)],
    ["cluster", clusterJs(method)],
    ["annotations", annotationsJs(method.annotations)],
  ]);
}

/** `export const OrderService: ServiceDescriptor<OrderServiceHandler> = {...};` */
export function descriptorStatement(service: ServiceDecl, ctx: EmitContext, handlerName: string): string {
  const name = fullName(ctx.file, service.name.text);
  const chain = serviceChain(service, ctx.file);
  const version = argValue(annotation(service.annotations, "version"));
  const methods = serviceMethods(service, ctx.file).map((m) => [m.method.name.text, methodJs(m, name, chain, ctx)] as const);
  const js = obj([
    ["name", str(name)],
    ["package", str(packageOf(ctx.file))],
    ["version", version === undefined ? undefined : printUntyped(version)],
    ["annotations", annotationsJs(service.annotations)],
    ["methods", obj(methods)],
  ]);
  const type = `${ctx.imports.runtime("ServiceDescriptor")}<${handlerName}>`;
  return constStatement(docText(service, ""), service.name.text, type, printJs(js));
}
