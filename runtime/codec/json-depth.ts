/**
 * A depth pre-scan of JSON text: JSON.parse builds the whole value before any
 * converter can count levels, so a hostile body of nested arrays (or deep
 * nesting inside an unknown field, which no converter visits) would be fully
 * materialized. One pass over the bytes refuses it first, allocating nothing.
 */
import { depthError, MAX_DEPTH } from "./errors.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Throws CodecError DEPTH when `text` (UTF-8 JSON) nests arrays and objects
 * deeper than MAX_DEPTH. Brackets inside strings do not count; UTF-8 multi-byte
 * sequences never contain ASCII bytes, so a byte scan is exact for valid JSON
 * (invalid JSON is left for JSON.parse to refuse).
 */
export function checkJsonDepth(text: Uint8Array): void {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (c === QUOTE) {
      for (i++; i < n; i++) {
        const s = text[i]!;
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > MAX_DEPTH) throw depthError();
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
}
