/** The IDL a call is made from: compile (check only) and build run-time descriptors. */
import { analyze, buildDescriptors, expandInputs, hasErrors, type DescriptorSet } from "../../compiler/index.js";
import { formatDiagnostics } from "../../compiler/diagnostics.js";
import type { MethodDescriptor } from "../../runtime/schema/types.js";

/** Bad input of `rpcgen call` (IDL errors, unknown method, bad JSON): exit status 2, nothing sent. */
export class CallUsageError extends Error {
  override readonly name = "CallUsageError";
}

/** Check the IDL inputs; their errors (not warnings) make a CallUsageError. */
export function loadDescriptors(inputs: readonly string[], includeDirs: readonly string[]): DescriptorSet {
  if (inputs.length === 0) throw new CallUsageError("no IDL given: pass --idl <file.idl | dir> (repeatable)");
  let files;
  try {
    files = expandInputs(inputs);
  } catch (e) {
    throw new CallUsageError(e instanceof Error ? e.message : String(e));
  }
  const { program, diagnostics } = analyze(files, { includeDirs: [...includeDirs] });
  if (hasErrors(diagnostics)) {
    const errors = diagnostics.filter((d) => d.category === "error");
    throw new CallUsageError(`the IDL has errors; fix them first:\n${formatDiagnostics(errors, { color: false, cwd: process.cwd() })}`);
  }
  return buildDescriptors(program);
}

/**
 * The method named `service/method` (full service name, or a suffix of it
 * that names one service: `OrderService/get`).
 */
export function findMethod(set: DescriptorSet, name: string): MethodDescriptor {
  const slash = name.lastIndexOf("/");
  if (slash <= 0 || slash === name.length - 1) throw new CallUsageError(`method must be <service>/<method>, e.g. shop.orders.OrderService/get; got ${JSON.stringify(name)}`);
  const serviceName = name.slice(0, slash);
  const methodName = name.slice(slash + 1);
  const exact = set.services.get(serviceName);
  const candidates = exact !== undefined ? [exact] : [...set.services.values()].filter((s) => s.name.endsWith(`.${serviceName}`));
  if (candidates.length !== 1) {
    const known = [...set.services.keys()].join(", ") || "none";
    const why = candidates.length === 0 ? "no service" : "more than one service";
    throw new CallUsageError(`${why} named ${JSON.stringify(serviceName)} in the IDL (services: ${known}); see rpcgen call --list`);
  }
  const service = candidates[0]!;
  const methods: Readonly<Record<string, MethodDescriptor>> = service.methods;
  const method = Object.hasOwn(methods, methodName) ? methods[methodName] : undefined;
  if (method === undefined) {
    throw new CallUsageError(`${service.name} has no method ${JSON.stringify(methodName)} (methods: ${Object.keys(methods).join(", ")})`);
  }
  return method;
}
