/**
 * Short ASCII strings decoded from bodies, cached by their bytes. Values like
 * tags, kinds, currency codes and names repeat from message to message; a hit
 * costs a hash and a compare of the cached string's characters with the bytes
 * (no allocation), a miss a string made with String.fromCharCode, cached in
 * place of whatever shared its slot.
 */
import { shortAscii } from "./ascii.js";

/** Strings of fewer bytes than this go through the cache (the rest: a native decode). */
export const CACHED_MAX_BYTES = 16;
const SLOTS = 512;
const cache: string[] = new Array<string>(SLOTS).fill("");

/**
 * The string of `src[at, at + len)` (len < CACHED_MAX_BYTES) when those bytes
 * are ASCII; undefined otherwise (the caller decodes UTF-8).
 */
export function cachedAscii(src: Uint8Array, at: number, len: number): string | undefined {
  let hash = len;
  for (let i = at; i < at + len; i++) {
    const b = src[i]!;
    if (b >= 0x80) return undefined;
    hash = (Math.imul(hash, 31) + b) | 0;
  }
  const slot = (hash ^ (hash >>> 15)) & (SLOTS - 1);
  const cached = cache[slot]!;
  if (cached.length === len) {
    let i = 0;
    while (i < len && cached.charCodeAt(i) === src[at + i]) i++;
    if (i === len) return cached;
  }
  const s = shortAscii(src, at, len);
  cache[slot] = s;
  return s;
}
