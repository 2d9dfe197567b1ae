/** The breakers by name, for options objects and configuration files. */
import type { Breaker } from "./breaker.js";
import { ErrorRateBreaker, type ErrorRateOptions } from "./error-rate.js";
import { SreThrottle, type SreThrottleOptions } from "./sre-throttle.js";

/** A breaker by name with its options. */
export type BreakerSpec = { kind: "error-rate"; options?: ErrorRateOptions } | { kind: "sre"; options?: SreThrottleOptions };

/** Every built-in breaker name. */
export const breakerKinds: readonly BreakerSpec["kind"][] = ["error-rate", "sre"];

/** Build a breaker from its spec, e.g. `createBreaker({ kind: "sre", options: { k: 1.5 } })`. */
export function createBreaker(spec: BreakerSpec): Breaker {
  switch (spec.kind) {
    case "error-rate":
      return new ErrorRateBreaker(spec.options);
    case "sre":
      return new SreThrottle(spec.options);
    default:
      throw new RangeError(`unknown breaker "${String((spec as { kind: unknown }).kind)}": use one of ${breakerKinds.join(", ")}`);
  }
}
