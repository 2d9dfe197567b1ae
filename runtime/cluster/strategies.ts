/** Cluster strategies by name, for client, method and call options. */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { ClusterStrategy } from "./cluster.js";
import { FailfastStrategy } from "./failfast.js";
import { FailoverStrategy } from "./failover.js";

/** The names accepted by client, method and call options. */
export type ClusterName = "failfast" | "failover";

/** The strategy for a name or object given in options. */
export function clusterStrategy(spec: ClusterName | ClusterStrategy): ClusterStrategy {
  if (typeof spec !== "string") return spec;
  if (spec === "failfast") return FAILFAST;
  if (spec === "failover") return FAILOVER;
  throw new RpcError(Code.INVALID_ARGUMENT, `unknown cluster strategy '${String(spec)}': use "failfast", "failover" or a ClusterStrategy object`);
}

/** The default: one attempt, plus transparent retries of attempts refused before any handler ran. */
export const FAILFAST: ClusterStrategy = new FailfastStrategy();

/** `"failover"`: two more attempts at most. */
const FAILOVER: ClusterStrategy = new FailoverStrategy();
