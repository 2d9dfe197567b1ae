/** Labels router: only instances carrying every given label value (e.g. env=test). */
import type { Instance } from "../registry/registry.js";
import { filterRouter } from "./filter.js";
import type { Router, RouterOptions } from "./router.js";

/** Keep instances whose labels include every entry of `labels`. Named `labels{k1=v1,k2=v2}` (keys sorted). */
export function labelsRouter(labels: Readonly<Record<string, string>>, options: RouterOptions = {}): Router {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const matches = (i: Instance): boolean => entries.every(([k, v]) => i.labels[k] === v);
  return filterRouter({
    ...options,
    kind: "labels",
    name: `labels{${entries.map(([k, v]) => `${k}=${v}`).join(",")}}`,
    value: "",
    keep: matches,
  });
}
