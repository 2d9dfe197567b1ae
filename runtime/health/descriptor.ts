/**
 * The built-in health service's wire contract, written by hand in the shape
 * the compiler emits, as if from:
 *
 *     package rpcgen.health
 *     enum Status { SERVING = 1, NOT_SERVING = 2, SERVICE_UNKNOWN = 3 }
 *     service Health {
 *       @idempotent Status check(1: string service)
 *       @idempotent Status watch(1: string service, 2: optional Status last)
 *     }
 *
 * `service` "" means the server as a whole.
 */
import type { CallContext } from "../call.js";
import type { EnumSchema, FieldSchema, MethodDescriptor, ServiceDescriptor, TypeSchema } from "../schema/types.js";

/** A service's health. */
export const HealthStatus = { SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } as const;
export type HealthStatus = (typeof HealthStatus)[keyof typeof HealthStatus];

/** Name of a status, for logs: `healthStatusName(2)` is "NOT_SERVING". */
export function healthStatusName(status: HealthStatus): string {
  return status === HealthStatus.SERVING ? "SERVING" : status === HealthStatus.NOT_SERVING ? "NOT_SERVING" : "SERVICE_UNKNOWN";
}

/** The full name of the health service on the wire. */
export const HEALTH_SERVICE = "rpcgen.health.Health";

const none = {};

const statusSchema: EnumSchema = {
  kind: "enum",
  name: "Status",
  fullName: "rpcgen.health.Status",
  values: [
    { name: "SERVING", value: HealthStatus.SERVING },
    { name: "NOT_SERVING", value: HealthStatus.NOT_SERVING },
    { name: "SERVICE_UNKNOWN", value: HealthStatus.SERVICE_UNKNOWN },
  ],
  annotations: none,
};
const statusType: TypeSchema = { kind: "ref", target: () => statusSchema };
const serviceParam: FieldSchema = { id: 1, name: "service", type: { kind: "string" }, optional: false, annotations: none };
const lastParam: FieldSchema = { id: 2, name: "last", type: statusType, optional: true, annotations: none };

function method(name: string, params: FieldSchema[]): MethodDescriptor {
  return { name, service: HEALTH_SERVICE, kind: "unary", params, returns: statusType, throws: [], idempotent: true, annotations: none };
}

/** The handler interface of the health service. */
export interface HealthHandler {
  /** The current status of `service` ("" = the server). */
  check(request: { service: string }, ctx: CallContext): HealthStatus;
  /** Long poll: answers once the status differs from `last` (at once when `last` is absent), or shortly before the deadline. */
  watch(request: { service: string; last?: HealthStatus }, ctx: CallContext): HealthStatus | Promise<HealthStatus>;
}

export const HealthDescriptor: ServiceDescriptor<HealthHandler> = {
  name: HEALTH_SERVICE,
  package: "rpcgen.health",
  methods: { check: method("check", [serviceParam]), watch: method("watch", [serviceParam, lastParam]) },
  annotations: none,
};
