/**
 * Route tags: metadata entries under a reserved prefix, set at the edge (for
 * example `rpcgen-route-env: loadtest` on a load-test request) and meant to
 * travel with every downstream call made while serving it, whatever the
 * server's `propagateMetadata` rule, so that tagged traffic stays on tagged
 * instances through every hop. Routers read them with {@link routeTagRouter}.
 *
 * This file only names and extracts them; carrying them across hops is the
 * server context's job (it should merge {@link routeTags} of the incoming
 * metadata into what it propagates).
 */
import type { Metadata } from "../call.js";

/** Metadata keys starting with this are route tags (lower-case, as all metadata keys). */
export const ROUTE_TAG_PREFIX = "rpcgen-route-";

const NO_TAGS: Readonly<Metadata> = Object.freeze({});

/** The metadata key of route tag `name`: `rpcgen-route-<name>`. */
export function routeTagKey(name: string): string {
  return ROUTE_TAG_PREFIX + name;
}

/** True when `key` is a route tag's metadata key. */
export function isRouteTagKey(key: string): boolean {
  return key.startsWith(ROUTE_TAG_PREFIX);
}

/** The value of route tag `name` in `metadata`, if set. */
export function routeTag(metadata: Readonly<Metadata>, name: string): string | undefined {
  return metadata[ROUTE_TAG_PREFIX + name];
}

/**
 * The route-tag entries of `metadata`, keys unchanged (prefix included): what
 * must be propagated to downstream calls. A shared frozen empty object when
 * there are none, so the common untagged call allocates nothing.
 */
export function routeTags(metadata: Readonly<Metadata>): Readonly<Metadata> {
  let tags: Metadata | undefined;
  for (const key in metadata) {
    if (key.startsWith(ROUTE_TAG_PREFIX)) (tags ??= {})[key] = metadata[key]!;
  }
  return tags ?? NO_TAGS;
}
