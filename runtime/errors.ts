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

/**
 * Brands on the prototypes: `instanceof` checks them, so an error made by
 * another copy of the runtime (two versions in node_modules, a bundled copy)
 * is still recognised. `Symbol.for` gives every copy the same symbols.
 */
const RPC_ERROR = Symbol.for("rpcgen.RpcError");
const IDL_ERROR = Symbol.for("rpcgen.IdlError");

function branded(value: unknown, brand: symbol): value is Error {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

const ordinaryInstanceOf = Function.prototype[Symbol.hasInstance];

export class RpcError extends Error {
  declare readonly name: "RpcError";
  readonly code: Code;
  readonly details: Record<string, string>;
  readonly notProcessed: boolean;

  constructor(code: Code, message: string, options: RpcErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
    this.notProcessed = options.notProcessed ?? false;
  }

  /** `RpcError: [ALREADY_EXISTS] order exists`: the code is in what a log prints. */
  override toString(): string {
    return `${this.name}: [${this.code}] ${this.message}`;
  }

  /** True for an RpcError of any copy of the runtime; a subclass also checks the prototype chain. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (!branded(value, RPC_ERROR)) return false;
    return this === RpcError || ordinaryInstanceOf.call(this, value);
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
// On the prototype, so that the stack's first line already says "RpcError" (an instance field is set after it is captured).
Object.defineProperty(RpcError.prototype, "name", { value: "RpcError", writable: true, configurable: true, enumerable: false });
Object.defineProperty(RpcError.prototype, RPC_ERROR, { value: true });

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

  /**
   * `e instanceof IdlError` is true for an IDL error of any copy of the
   * runtime; `e instanceof NotFound` when `e` is an IDL error whose class has
   * a schema of the same full name (the same IDL error, whichever copy of the
   * runtime or of the generated module made it).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (!branded(value, IDL_ERROR)) return false;
    if (this === IdlError) return true;
    const mine = (this as { schema?: StructSchema }).schema?.fullName;
    const theirs = (value.constructor as { schema?: StructSchema } | undefined)?.schema?.fullName;
    return mine === undefined ? ordinaryInstanceOf.call(this, value) : mine === theirs;
  }
}
Object.defineProperty(IdlError.prototype, IDL_ERROR, { value: true });
