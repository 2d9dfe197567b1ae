/**
 * Middleware is `(next) => handler`: an onion chained right to left, used the
 * same way on both sides. Client chains run before the arguments are encoded;
 * server chains run after validation, right before the handler.
 */
import type { CallContext, CallOptions, Metadata } from "../call.js";
import type { Instance } from "../registry/registry.js";
import type { MethodDescriptor } from "../schema/types.js";

/** One call as middleware sees it. Middleware may replace `request` and edit `metadata`. */
export interface Call {
  /** "client" before sending, "server" before the handler. */
  readonly side: "client" | "server";
  /** The method descriptor, annotations included. */
  readonly method: MethodDescriptor;
  /**
   * The arguments as one object keyed by IDL parameter name (what the client
   * method was given, or what the handler receives). Undefined on the client
   * side when the caller passed none.
   */
  request: Readonly<Record<string, unknown>> | undefined;
  /** Metadata sent with (client) or received with (server) the call. */
  metadata: Metadata;
  /** Absolute deadline, epoch ms. */
  deadline: number;
  /** Server side: the context the handler receives. */
  readonly ctx?: CallContext;
  /** Client side: the caller's options. */
  readonly options?: CallOptions;
  /**
   * Client side: the instance the call went to, set once it is picked (read it
   * after `await next(call)`; on a retry, the last attempt's instance).
   */
  instance?: Instance;
}

/** Runs a call: resolves with the result (undefined for void and oneway) or rejects. */
export type Handler = (call: Call) => Promise<unknown>;

/** Wraps the next handler. */
export type Middleware = (next: Handler) => Handler;
