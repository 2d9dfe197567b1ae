/** Instance records and method descriptors for the guard and admission tests. */
import { makeInstance } from "../../../runtime/registry/registry.js";
import type { MethodDescriptor } from "../../../runtime/schema/types.js";

export function method(name: string, service = "test.Svc"): MethodDescriptor {
  return { name, service, kind: "unary", params: [], throws: [], idempotent: false, annotations: {} };
}

export function instance(port: number, service = "test.Svc") {
  return makeInstance({ service, host: "127.0.0.1", port, startTime: 0 });
}
