/**
 * The two error families of rpcgen.
 *
 * - `RpcError`: a failed call (transport, deadline, validation, limits...), with a `Code`.
 * - `IdlError`: base class of the `error` types declared in IDL; a handler throws one,
 *   the caller catches the same generated class. It is deliberately not an RpcError,
 *   so that IDL field names such as `code` stay free.
 */
import { Code, toCode } from "./codes.js";
import type { StructSchema } from "./schema/types.js";

export interface RpcErrorOptions {
  /** Extra machine-readable detail (strings only, safe to send over the wire). */
  details?: Record<string, string>;
  /**
   * True when the server provably did not start processing the request
   * (rejected by limits, limiter, shutdown, or never sent): safe to send elsewhere.
   */
  notProcessed?: boolean;
  cause?: unknown;
}

export class RpcError extends Error {
  override readonly name = "RpcError";
  readonly code: Code;
  readonly details: Record<string, string>;
  readonly notProcessed: boolean;

  constructor(code: Code, message: string, options: RpcErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
    this.notProcessed = options.notProcessed ?? false;
  }

  /** Wrap anything thrown into an RpcError; an RpcError passes through unchanged. */
  static from(error: unknown, fallback: Code = Code.UNKNOWN): RpcError {
    if (error instanceof RpcError) return error;
    if (error instanceof Error && error.name === "AbortError") {
      return new RpcError(Code.CANCELLED, "the call was cancelled", { cause: error });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new RpcError(toCode(fallback), message, { cause: error });
  }
}

/**
 * Base class of generated IDL error classes. Subclasses carry the IDL fields as
 * properties and a static `schema` used to encode them on the wire.
 */
export abstract class IdlError extends Error {
  /** The error's schema (fields by ID); set by each generated subclass. */
  static readonly schema: StructSchema;

  constructor(message: string) {
    super(message);
    // The generated subclass name, e.g. "NotFound".
    this.name = new.target.name;
  }
}
