/** Group router: only instances of one deployment group (e.g. "canary"). */
import type { PickInfo } from "../balancer/balancer.js";
import { filterRouter } from "./filter.js";
import type { Router, RouterOptions } from "./router.js";

/** Keep instances whose `group` equals `group` (fixed, or from the call: undefined passes all). */
export function groupRouter(group: string | ((call: PickInfo) => string | undefined), options: RouterOptions = {}): Router {
  return filterRouter({ ...options, kind: "group", value: group, keep: (i, g) => i.group === g });
}
