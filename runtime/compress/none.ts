import type { Compressor } from "../codec/types.js";

/** Compressor id 0: the body as is. */
export const noneCompressor: Compressor = {
  id: 0,
  name: "none",
  compress: (bytes) => bytes,
  decompress(bytes, maxBytes) {
    if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
    return bytes;
  },
};

/** Shared by compressors: the decompressed body would exceed the frame limit. */
export function tooLarge(maxBytes: number): Error {
  return new DecompressError("TOO_LARGE", `decompressed body exceeds ${maxBytes} bytes; refusing it (send a smaller message or raise maxFrameBytes)`);
}

/** A body that cannot be decompressed: too large once inflated (a zip bomb) or corrupt. */
export class DecompressError extends Error {
  override readonly name = "DecompressError";
  constructor(
    readonly reason: "TOO_LARGE" | "CORRUPT",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
