/**
 * The requests every contender sends: an id, a name, three tags and a float.
 * A pool of distinct requests is built before the loop and sent in turn, so no
 * contender pays for building requests, and none is flattered by caching values
 * it has seen: names and ids differ from call to call (4096 of them), tags come
 * from a small vocabulary, as they would in real traffic.
 */

/** The neutral form of the benchmark message. */
export interface BenchItem {
  id: number;
  name: string;
  tags: string[];
  score: number;
}

const TAGS = ["red", "green", "blue", "large", "small", "priority", "gift", "express", "fragile", "bulk", "eu", "us", "new", "returning", "vip", "sale"];

/** Requests in a pool: a power of two, so the driver can cycle with a mask. */
export const POOL_SIZE = 4096;
/** Large requests are few (each carries its own 16 KiB name); their names are not cacheable anyway. */
export const LARGE_POOL_SIZE = 64;

/**
 * Request number `i`; `nameBytes` > 0 pads the name to that many ASCII bytes
 * (the 16 KiB scenario). Ids exceed 2^32, so int64 is really exercised.
 */
export function makeItem(i = 0, nameBytes = 0): BenchItem {
  const base = `order-${100_000 + i}`;
  const name = nameBytes > base.length ? base + "x".repeat(nameBytes - base.length) : base;
  const tags = [TAGS[i % 16]!, TAGS[(i * 7 + 3) % 16]!, TAGS[(i * 11 + 5) % 16]!];
  return { id: 4_294_967_311 + i, name, tags, score: (i % 1000) / 8 };
}

/** The pool of distinct requests for a scenario. */
export function makeItems(nameBytes = 0): BenchItem[] {
  const n = nameBytes > 0 ? LARGE_POOL_SIZE : POOL_SIZE;
  return Array.from({ length: n }, (_, i) => makeItem(i, nameBytes));
}

/** True when a decoded response echoes the request (ids compared as decimal text, any number type). */
export function echoes(request: BenchItem, response: unknown): boolean {
  if (typeof response !== "object" || response === null) return false;
  const r = response as Record<string, unknown>;
  const tags = r["tags"];
  return (
    String(r["id"]) === String(request.id) &&
    r["name"] === request.name &&
    Array.isArray(tags) &&
    tags.length === request.tags.length &&
    tags.every((t, i) => t === request.tags[i]) &&
    r["score"] === request.score
  );
}
