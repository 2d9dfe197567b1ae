/**
 * Route-tag router: a call carrying route tag `name` goes only to instances
 * whose label `name` has the tag's value; a call without the tag goes only to
 * instances without that label. So `rpcgen-route-env: loadtest` keeps
 * load-test traffic on instances labelled env=loadtest, and ordinary traffic
 * off them. With `fallback: true`, a tagged call finding no tagged instance
 * uses the whole list instead of failing.
 */
import type { PickInfo } from "../balancer/balancer.js";
import { filterRouter } from "./filter.js";
import { routeTagKey } from "./route-tags.js";
import type { Router, RouterOptions } from "./router.js";

export interface RouteTagRouterOptions extends RouterOptions {
  /** Instance label compared with the tag's value; default: the tag's name. */
  readonly label?: string;
}

export function routeTagRouter(name: string, options: RouteTagRouterOptions = {}): Router {
  const key = routeTagKey(name); // built once: reading a tag per call allocates nothing
  const label = options.label ?? name;
  return filterRouter({
    ...options,
    kind: "tag",
    name: `tag{${name}}`,
    show: (v) => (v === "" ? `tag{${name} not set}` : `tag{${name}=${v}}`),
    value: (call: PickInfo) => call.metadata[key] ?? "",
    keep: (i, v) => (i.labels[label] ?? "") === v,
  });
}
