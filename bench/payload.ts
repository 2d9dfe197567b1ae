/**
 * The request every contender sends: an id, a name, three tags and a float.
 * Peers convert it once to their own form (a bigint id for rpcgen); the same
 * object is then sent on every call, so no contender pays for building requests.
 */

/** The neutral form of the benchmark message. */
export interface BenchItem {
  id: number;
  name: string;
  tags: string[];
  score: number;
}

/** Builds the request; `nameBytes` > 0 pads the name to that many ASCII bytes (the 16 KiB scenario). */
export function makeItem(nameBytes = 0): BenchItem {
  const base = "order-4711";
  const name = nameBytes > base.length ? base + "x".repeat(nameBytes - base.length) : base;
  return { id: 4_294_967_311, name, tags: ["red", "large", "priority"], score: 0.8125 };
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
