/**
 * A hand-built service for runtime hardening tests. Its methods take no
 * parameters, and handlers read the call context as their last argument, so
 * the tests do not depend on how generated code passes arguments.
 */
import type { CallContext } from "../../runtime/call.js";
import type { MethodDescriptor, ServiceDescriptor, StructSchema, TypeSchema } from "../../runtime/schema/types.js";
import { createServer, type Server } from "../../runtime/server/server.js";
import type { ServerOptions } from "../../runtime/server/options.js";

/** A method without parameters of service `service`. */
export function bareMethod(service: string, name: string, returns?: TypeSchema, kind: "unary" | "oneway" = "unary"): MethodDescriptor {
  return { name, service, kind, params: [], ...(returns === undefined ? {} : { returns }), throws: [], idempotent: false, annotations: {} };
}

/** A service of bare methods. */
export function bareService(name: string, methods: MethodDescriptor[]): ServiceDescriptor {
  return { name, package: "test", annotations: {}, methods: Object.fromEntries(methods.map((m) => [m.name, m])) };
}

/** A handler that gets only the context (the last argument, whatever comes before it). */
export function withCtx<T>(fn: (ctx: CallContext) => T): (...args: unknown[]) => T {
  return (...args) => fn(args[args.length - 1] as CallContext);
}

/** `test.Order { 1: required string id; 2: required int32 total }`: for result validation. */
export const Order$schema: StructSchema = {
  kind: "struct",
  name: "Order",
  fullName: "test.Order",
  annotations: {},
  fields: [
    { id: 1, name: "id", type: { kind: "string" }, optional: false, annotations: {} },
    { id: 2, name: "total", type: { kind: "int32" }, optional: false, annotations: {} },
  ],
};

/** Start a server with one service on 127.0.0.1:0; errors go to `reported`. */
export async function serve(
  descriptor: ServiceDescriptor,
  impl: object,
  options: ServerOptions = {},
): Promise<{ server: Server; port: number; target: string; reported: unknown[] }> {
  const reported: unknown[] = [];
  const server = createServer({ onError: (e) => reported.push(e), ...options });
  server.add(descriptor, impl);
  const { port } = await server.listen({ host: "127.0.0.1", port: 0 });
  return { server, port, target: `static://127.0.0.1:${port}`, reported };
}
