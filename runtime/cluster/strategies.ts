/** Cluster strategies by name, for client, method and call options, and from a method's `@cluster` annotation. */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { MethodCluster } from "../schema/types.js";
import type { ClusterStrategy } from "./cluster.js";
import { FailfastStrategy } from "./failfast.js";
import { FailoverStrategy } from "./failover.js";
import { HedgingStrategy } from "./hedging.js";

/** The names accepted by client, method and call options. */
export type ClusterName = "failfast" | "failover" | "hedging";

/** The strategy for a name or object given in options. */
export function clusterStrategy(spec: ClusterName | ClusterStrategy): ClusterStrategy {
  if (typeof spec !== "string") return spec;
  if (spec === "failfast") return FAILFAST;
  if (spec === "failover") return FAILOVER;
  if (spec === "hedging") return HEDGING;
  throw new RpcError(Code.INVALID_ARGUMENT, `unknown cluster strategy '${String(spec)}': use "failfast", "failover", "hedging" or a ClusterStrategy object`);
}

/** The strategy a method's `@cluster(...)` annotation names (built once per method by the client). */
export function annotatedStrategy(spec: MethodCluster): ClusterStrategy {
  switch (spec.strategy) {
    case "failfast":
      return FAILFAST;
    case "failover":
      return spec.retries === undefined ? FAILOVER : new FailoverStrategy({ retries: spec.retries });
    case "hedging":
      return spec.delayMs === undefined && spec.attempts === undefined
        ? HEDGING
        : new HedgingStrategy({ delayMs: spec.delayMs, attempts: spec.attempts });
    default:
      return clusterStrategy(spec.strategy);
  }
}

/** The default: one attempt, plus transparent retries of attempts refused before any handler ran. */
export const FAILFAST: ClusterStrategy = new FailfastStrategy();

/** `"failover"`: two more attempts at most. */
const FAILOVER: ClusterStrategy = new FailoverStrategy();

/** `"hedging"`: a second attempt after 100 ms without an answer. */
const HEDGING: ClusterStrategy = new HedgingStrategy();
