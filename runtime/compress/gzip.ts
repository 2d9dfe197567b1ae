import { gunzipSync, gzipSync } from "node:zlib";
import type { Compressor } from "../codec/types.js";
import { DecompressError, tooLarge } from "./none.js";

/** Compressor id 1: gzip (RFC 1952), level 6 by default. */
export const gzipCompressor: Compressor = {
  id: 1,
  name: "gzip",
  compress(bytes) {
    return gzipSync(bytes);
  },
  decompress(bytes, maxBytes) {
    try {
      // maxOutputLength stops inflating at the limit, so a bomb never allocates past it.
      const out = gunzipSync(bytes, { maxOutputLength: Math.max(1, maxBytes) });
      if (out.byteLength > maxBytes) throw tooLarge(maxBytes);
      return out;
    } catch (err) {
      if (err instanceof DecompressError) throw err;
      if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(maxBytes);
      throw new DecompressError("CORRUPT", `body is not valid gzip: ${(err as Error).message}`, { cause: err });
    }
  },
};

