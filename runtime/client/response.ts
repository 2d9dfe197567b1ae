/** Turn a RESPONSE frame into the call's result or the error it carries. */
import { decodeIdlError, decodeResult, getSerializer } from "../codec/index.js";
import { Code, toCode } from "../codes.js";
import { RpcError } from "../errors.js";
import { FrameFlag, type Frame } from "../protocol/types.js";
import type { MethodDescriptor } from "../schema/types.js";
import { decompressBody } from "../transport/body.js";

/** Prefix of the status of an IDL error response: `IDL:<error full name>`. */
export const IDL_STATUS_PREFIX = "IDL:";

/** Decode a response: returns the result, or throws the (typed) error. */
export function readResponse(frame: Frame, method: MethodDescriptor, maxBodyBytes: number): unknown {
  const serializer = getSerializer(frame.serializer);
  if (serializer === undefined) {
    throw new RpcError(Code.INTERNAL, `response uses unknown serializer id ${frame.serializer}`);
  }
  const body = decompressBody(frame.body, frame.compressor, maxBodyBytes);
  if ((frame.flags & FrameFlag.ERROR) === 0) {
    try {
      return decodeResult(serializer, method, body);
    } catch (error) {
      throw new RpcError(Code.INTERNAL, `cannot decode the result of ${method.service}/${method.name}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  const status = frame.header.status;
  if (status.startsWith(IDL_STATUS_PREFIX)) {
    const fullName = status.slice(IDL_STATUS_PREFIX.length);
    const schema = method.throws.find((s) => s.fullName === fullName);
    if (schema === undefined) {
      throw new RpcError(Code.UNKNOWN, `server raised ${fullName}, which ${method.name} does not declare: ${frame.header.message}`);
    }
    let decoded: Error;
    try {
      decoded = decodeIdlError(serializer, schema, body);
    } catch (error) {
      throw new RpcError(Code.INTERNAL, `cannot decode error ${fullName}: ${(error as Error).message}`, { cause: error });
    }
    throw decoded;
  }
  throw new RpcError(toCode(status), frame.header.message, {
    notProcessed: (frame.flags & FrameFlag.NOT_PROCESSED) !== 0,
    details: readDetails(body, serializer.decodeAny.bind(serializer)),
  });
}

function readDetails(body: Uint8Array, decodeAny: (b: Uint8Array) => unknown): Record<string, string> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = decodeAny(body);
  } catch {
    return {};
  }
  const out: Record<string, string> = {};
  const put = (k: unknown, v: unknown) => {
    // A plain object for callers; "__proto__" is the one key that would not land as data.
    if (typeof k === "string" && typeof v === "string" && k !== "__proto__") out[k] = v;
  };
  if (value instanceof Map) for (const [k, v] of value) put(k, v);
  else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) put(k, v);
  return out;
}
