/**
 * Compressors by wire id and by name, and the per-call choice.
 */
import type { Compressor } from "../codec/types.js";
import { gzipCompressor } from "./gzip.js";
import { noneCompressor } from "./none.js";

/** Bodies at least this large are compressed when the caller asked for no specific compressor. */
export const DEFAULT_COMPRESSION_THRESHOLD = 1024;

const byId = new Map<number, Compressor>();
const byName = new Map<string, Compressor>();

/** Registers `c` under its id and name, replacing any compressor registered with the same id or name. */
export function registerCompressor(c: Compressor): void {
  if (!Number.isInteger(c.id) || c.id < 0 || c.id > 255) {
    throw new RangeError(`compressor id must be an integer 0..255, got ${c.id} (${c.name})`);
  }
  const old = byId.get(c.id);
  if (old !== undefined) byName.delete(old.name);
  byId.set(c.id, c);
  byName.set(c.name, c);
}

/** The compressor with wire id `id`, or undefined (an unknown id: answer with an error). */
export function getCompressor(id: number): Compressor | undefined {
  return byId.get(id);
}

/** The compressor registered as `name` ("none", "gzip", ...), or undefined. */
export function compressorByName(name: string): Compressor | undefined {
  return byName.get(name);
}

/**
 * Chooses the compressor of one body:
 * - `requested` names a compressor ("none", "gzip", ...): bodies of at least
 *   `threshold` bytes use it, smaller ones go uncompressed (compressing a few
 *   bytes only makes them larger);
 * - `requested` undefined: gzip from `threshold` bytes on, none below.
 * Pass `threshold = 0` to always use the requested compressor, `Infinity` to never compress.
 * Throws a RangeError for an unknown name (a configuration mistake).
 */
export function pickCompressor(bodyLength: number, requested?: string, threshold = DEFAULT_COMPRESSION_THRESHOLD): Compressor {
  if (bodyLength < threshold) return noneCompressor;
  if (requested === undefined) return gzipCompressor;
  const c = byName.get(requested);
  if (c === undefined) throw new RangeError(`unknown compressor "${requested}"; registered: ${[...byName.keys()].join(", ")}`);
  return c;
}

registerCompressor(noneCompressor);
registerCompressor(gzipCompressor);
