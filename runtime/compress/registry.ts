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

registerCompressor(noneCompressor);
registerCompressor(gzipCompressor);
