/**
 * A 32-bit string hash for the hash balancers: FNV-1a over UTF-16 code units,
 * then murmur3's finaliser so that keys differing in one trailing character
 * (user-1, user-2; ring points host#1, host#2) spread over the whole range.
 * Allocates nothing.
 */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
