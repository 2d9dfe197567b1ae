/**
 * ServiceDescriptors (runtime/schema/types.ts) built from checked service
 * declarations: the same methods, inheritance, deadlines and retry policy as
 * the descriptor the emitter writes.
 */
import type { Annotation, ServiceDecl, SourceFile } from "../ast.js";
import type { MethodDescriptor, ServiceDescriptor } from "../../runtime/schema/types.js";
import { fullName, packageOf } from "../emit/context.js";
import { serviceChain, serviceMethods, timeoutMs, type ServiceMethod } from "../emit/service.js";
import { annotationsOf, argValue, numberOf, untyped } from "./literals.js";
import type { SchemaTable } from "./schemas.js";

function annotation(list: readonly Annotation[], name: string): Annotation | undefined {
  return list.find((a) => a.name.text === name);
}

function methodDescriptor(m: ServiceMethod, service: string, chain: readonly { service: ServiceDecl }[], table: SchemaTable): MethodDescriptor {
  const { method } = m;
  const d: { -readonly [K in keyof MethodDescriptor]: MethodDescriptor[K] } = {
    name: method.name.text,
    service,
    kind: method.oneway ? "oneway" : "unary",
    params: method.params.map((p) => table.field(p)),
    throws: method.throws.map((t) => table.errorSchema(t)),
    idempotent: annotation(method.annotations, "idempotent") !== undefined,
    annotations: annotationsOf(method.annotations),
  };
  if (method.returns.kind !== "void") d.returns = table.typeSchema(method.returns);
  const timeout = timeoutMs(m, chain);
  if (timeout !== undefined) d.timeoutMs = timeout;
  const retry = annotation(method.annotations, "retry");
  // A missing argument takes the runtime's default (3 attempts, 100 ms), as generated code does.
  if (retry !== undefined) d.retry = { max: numberOf(argValue(retry, "max")) ?? 3, backoffMs: numberOf(argValue(retry, "backoff")) ?? 100 };
  return d;
}

/** The descriptor of one service: own and inherited methods, keyed by name. */
export function serviceDescriptor(service: ServiceDecl, file: SourceFile, table: SchemaTable): ServiceDescriptor {
  const name = fullName(file, service.name.text);
  const chain = serviceChain(service, file);
  const methods: Record<string, MethodDescriptor> = {};
  for (const m of serviceMethods(service, file)) methods[m.method.name.text] = methodDescriptor(m, name, chain, table);
  const d: { -readonly [K in keyof ServiceDescriptor]: ServiceDescriptor[K] } = {
    name,
    package: packageOf(file),
    methods,
    annotations: annotationsOf(service.annotations),
  };
  const version = argValue(annotation(service.annotations, "version"));
  if (version !== undefined) d.version = String(untyped(version));
  return d;
}
