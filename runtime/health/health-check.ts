/** Client helpers for the built-in health service; they go through the ordinary `Channel.unary`. */
import type { CallOptions, Channel } from "../call.js";
import { HealthDescriptor, type HealthStatus } from "./descriptor.js";

/**
 * Ask a server for `service`'s status ("" = the server itself). A server
 * started with `health: false` answers UNIMPLEMENTED.
 */
export async function healthCheck(channel: Channel, service = "", options?: CallOptions): Promise<HealthStatus> {
  return (await channel.unary(HealthDescriptor.methods.check, { service }, options)) as HealthStatus;
}

/**
 * Long poll: resolves when `service`'s status differs from `last` (at once
 * without `last`), or with the unchanged status shortly before the call's
 * deadline; call again with the answer to keep watching.
 */
export async function healthWatch(channel: Channel, service: string, last?: HealthStatus, options?: CallOptions): Promise<HealthStatus> {
  const request = last === undefined ? { service } : { service, last };
  return (await channel.unary(HealthDescriptor.methods.watch, request, options)) as HealthStatus;
}
