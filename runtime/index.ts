/**
 * rpcgen's public runtime API (`rpcgen/runtime`).
 */
export { Code, toCode } from "./codes.js";
export { RpcError, IdlError } from "./errors.js";
export type { RpcErrorOptions } from "./errors.js";
export type { CallContext, CallOptions, Channel, Metadata } from "./call.js";
export type * from "./schema/types.js";
