/** Pinned address: every call to one instance, for debugging one server. */
import type { PickInfo } from "../balancer/balancer.js";
import { instanceKey } from "../registry/registry.js";
import { filterRouter } from "./filter.js";
import type { Router, RouterOptions } from "./router.js";

/**
 * Keep the instance at `address` (`host:port`, `[v6]:port`), fixed or from the
 * call (undefined passes all, so only calls that ask are pinned).
 */
export function pinRouter(address: string | ((call: PickInfo) => string | undefined), options: RouterOptions = {}): Router {
  return filterRouter({ ...options, kind: "pin", value: address, keep: (i, a) => instanceKey(i) === a });
}
