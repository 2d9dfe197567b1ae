/** Build RESPONSE frames: results, typed IDL errors, RpcErrors, generic INTERNAL. */
import { encodeIdlError, encodeResult } from "../codec/index.js";
import type { Compressor, Serializer } from "../codec/types.js";
import { Code } from "../codes.js";
import { IdlError, RpcError } from "../errors.js";
import { EMPTY_METADATA } from "../protocol/empty.js";
import { FrameFlag, FrameKind, type Frame, type FrameHeader } from "../protocol/types.js";
import type { MethodDescriptor, StructSchema } from "../schema/types.js";
import { compressBody } from "../transport/body.js";

const EMPTY = new Uint8Array(0);

/** How an error answer came about, for the error hook. */
export interface ErrorAnswer {
  frame: Frame;
  /** Set when the error was unexpected and hidden from the caller (log it). */
  hidden?: unknown;
}

/**
 * Every successful answer has the same (empty) header: shared, never mutated.
 * Its metadata is the protocol's EMPTY_METADATA, which the header encoder
 * skips by identity (any other empty object costs an Object.keys per frame).
 */
const RESULT_HEADER: FrameHeader = Object.freeze({ service: "", method: "", timeoutMs: 0, metadata: EMPTY_METADATA, status: "", message: "" });

function responseFrame(requestId: number, serializer: number, compressor: number, flags: number, status: string, message: string, body: Uint8Array): Frame {
  return {
    kind: FrameKind.RESPONSE,
    flags,
    serializer,
    compressor,
    requestId,
    header:
      status === "" && message === ""
        ? RESULT_HEADER
        : { service: "", method: "", timeoutMs: 0, metadata: EMPTY_METADATA, status, message },
    body,
  };
}

/** A successful answer. */
export function resultFrame(
  requestId: number,
  s: Serializer,
  method: MethodDescriptor,
  value: unknown,
  compressor: Compressor | undefined,
  threshold: number,
): Frame {
  const bytes = encodeResult(s, method, value);
  if (compressor === undefined) return responseFrame(requestId, s.id, 0, 0, "", "", bytes);
  const body = compressBody(bytes, compressor, threshold);
  return responseFrame(requestId, s.id, body.compressor, 0, "", "", body.bytes);
}

/**
 * An RpcError answer (details travel in the body as a string map).
 * `handlerStarted`: "not processed" is per hop, so an error leaving a handler
 * never carries the mark, even one the handler got from a downstream call
 * that was itself not processed (this server's handler ran; retrying it
 * elsewhere could repeat its side effects).
 */
export function rpcErrorFrame(requestId: number, s: Serializer | undefined, error: RpcError, handlerStarted = false): Frame {
  const flags = FrameFlag.ERROR | (error.notProcessed && !handlerStarted ? FrameFlag.NOT_PROCESSED : 0);
  let body: Uint8Array = EMPTY;
  if (s !== undefined && Object.keys(error.details).length > 0) {
    try {
      body = s.encodeAny({ ...error.details });
    } catch {
      body = EMPTY;
    }
  }
  return responseFrame(requestId, s?.id ?? 1, 0, flags, error.code, error.message, body);
}

/** The IDL error schema `error` belongs to, when the method declares it. */
function declaredSchema(method: MethodDescriptor, error: unknown): StructSchema | undefined {
  if (!(error instanceof IdlError)) return undefined;
  const schema = (error.constructor as { schema?: StructSchema }).schema;
  if (schema === undefined) return undefined;
  return method.throws.find((t) => t === schema || t.fullName === schema.fullName);
}

/**
 * Map whatever a handler (or server middleware before it) threw to an answer;
 * unexpected errors become a generic INTERNAL. `handlerStarted`: see {@link rpcErrorFrame}.
 */
export function errorAnswer(requestId: number, s: Serializer, method: MethodDescriptor, error: unknown, handlerStarted = false): ErrorAnswer {
  const schema = declaredSchema(method, error);
  if (schema !== undefined) {
    try {
      const body = encodeIdlError(s, schema, error as Error);
      return { frame: responseFrame(requestId, s.id, 0, FrameFlag.ERROR, `IDL:${schema.fullName}`, (error as Error).message, body) };
    } catch (encodeFailure) {
      return { frame: rpcErrorFrame(requestId, s, internal(method)), hidden: encodeFailure };
    }
  }
  if (error instanceof RpcError) return { frame: rpcErrorFrame(requestId, s, error, handlerStarted) };
  return { frame: rpcErrorFrame(requestId, s, internal(method)), hidden: error };
}

function internal(method: MethodDescriptor): RpcError {
  return new RpcError(Code.INTERNAL, `internal error in ${method.service}/${method.name} (details are in the server log)`);
}
