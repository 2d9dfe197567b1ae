/**
 * Body compression: a registry of ids (0 = none, 1 = gzip) and the per-call choice.
 * Also re-exported from runtime/codec/index.ts.
 */
export { noneCompressor, DecompressError } from "./none.js";
export { gzipCompressor } from "./gzip.js";
export { registerCompressor, getCompressor, compressorByName, DEFAULT_COMPRESSION_THRESHOLD } from "./registry.js";
export type { Compressor } from "../codec/types.js";
