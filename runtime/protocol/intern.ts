/**
 * Service and method names arrive in every request header, and a server sees
 * the same few again and again. Decoding them with a native `toString` costs
 * a call into C++ and a new string per frame; this cache compares the bytes
 * with the last string seen for them (a few byte compares for a short ASCII
 * name) and hands back that same string, already hashed for the Map lookups
 * that follow. Anything that is not short ASCII is decoded as usual.
 */

const SLOTS = 64;
const MAX_BYTES = 64;
/** Per slot: the bytes of the cached name, and the name. */
const slotBytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(SLOTS).fill(undefined);
const slotStrings: string[] = new Array<string>(SLOTS).fill("");

/** The UTF-8 string of `buf[start, end)`, shared with earlier calls for the same short ASCII bytes. */
export function internedString(buf: Buffer, start: number, end: number): string {
  const len = end - start;
  if (len > MAX_BYTES || len === 0) return buf.toString("utf8", start, end);
  let hash = len;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b >= 0x80) return buf.toString("utf8", start, end);
    hash = (Math.imul(hash, 31) + b) | 0;
  }
  const slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
  const cached = slotBytes[slot];
  if (cached !== undefined && cached.length === len) {
    let same = true;
    for (let i = 0; i < len; i++) {
      if (cached[i] !== buf[start + i]) {
        same = false;
        break;
      }
    }
    if (same) return slotStrings[slot]!;
  }
  const s = buf.toString("latin1", start, end); // ASCII: latin1 gives the same text, cheaper
  slotBytes[slot] = new Uint8Array(buf.subarray(start, end)); // a copy: the frame's memory is not ours
  slotStrings[slot] = s;
  return s;
}
