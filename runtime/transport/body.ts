/**
 * Body compression shared by both call sides: compress above a size
 * threshold with the chosen compressor; decompress by the frame's id with a
 * size cap (a zip bomb becomes an error, not an allocation).
 */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import { getCompressor } from "../codec/index.js";
import type { Compressor } from "../codec/types.js";
import { measureHeader } from "../protocol/header.js";
import type { FrameHeader } from "../protocol/types.js";

/** Compressed body plus the compressor id to put in the prelude. */
export interface EncodedBody {
  bytes: Uint8Array;
  compressor: number;
}

/** Compress `bytes` with `compressor` when it is at least `threshold` bytes long. */
export function compressBody(bytes: Uint8Array, compressor: Compressor | undefined, threshold: number): EncodedBody {
  if (compressor === undefined || compressor.id === 0 || bytes.length < threshold) return { bytes, compressor: 0 };
  return { bytes: compressor.compress(bytes), compressor: compressor.id };
}

/** Undo `compressBody`; throws INVALID_ARGUMENT for an unknown compressor or an output over `maxBytes`. */
export function decompressBody(bytes: Uint8Array, compressorId: number, maxBytes: number): Uint8Array {
  if (compressorId === 0) return bytes;
  const c = getCompressor(compressorId);
  if (c === undefined) throw new RpcError(Code.INVALID_ARGUMENT, `unknown compressor id ${compressorId}`);
  try {
    return c.decompress(bytes, maxBytes);
  } catch (error) {
    throw new RpcError(Code.INVALID_ARGUMENT, `cannot decompress the body: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Whether a frame stays within `maxFrameBytes` (header + body) on the wire,
 * checked before sending: an oversize frame would make the peer close the
 * connection and fail every other call on it. Measured exactly, but only when
 * the body is close to the limit (headers are small). `request`: reserve the
 * 6-byte timeout field, which a request only gets its final value for just
 * before sending (responses never carry one).
 */
export function frameFits(header: FrameHeader, bodyBytes: number, maxFrameBytes: number, request: boolean): boolean {
  if (bodyBytes + 65_536 <= maxFrameBytes) return true;
  return bodyBytes + measureHeader(header) + (request && header.timeoutMs === 0 ? 6 : 0) <= maxFrameBytes;
}
