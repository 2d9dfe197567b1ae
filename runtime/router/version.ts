/** Version router: only instances serving one `@version` of the service. */
import type { PickInfo } from "../balancer/balancer.js";
import { filterRouter } from "./filter.js";
import type { Router, RouterOptions } from "./router.js";

/** Keep instances whose `version` equals `version` exactly (fixed, or from the call: undefined passes all). */
export function versionRouter(version: string | ((call: PickInfo) => string | undefined), options: RouterOptions = {}): Router {
  return filterRouter({ ...options, kind: "version", value: version, keep: (i, v) => i.version === v });
}
