/** The limiters by name, for options objects and configuration files. */
import type { Limiter, LimiterOptions } from "./limiter.js";
import { FixedWindow } from "./fixed-window.js";
import { LeakyBucket } from "./leaky-bucket.js";
import { SlidingWindow } from "./sliding-window.js";
import { TokenBucket } from "./token-bucket.js";

const kinds = {
  "token-bucket": (o: LimiterOptions): Limiter => new TokenBucket(o),
  "leaky-bucket": (o: LimiterOptions): Limiter => new LeakyBucket(o),
  "fixed-window": (o: LimiterOptions): Limiter => new FixedWindow(o),
  "sliding-window": (o: LimiterOptions): Limiter => new SlidingWindow(o),
} as const;

/** The name of a built-in limiter. */
export type LimiterKind = keyof typeof kinds;

/** Every built-in limiter name. */
export const limiterKinds = Object.keys(kinds) as LimiterKind[];

/** Build a limiter by name, e.g. `createLimiter("token-bucket", { limit: 100 })`. */
export function createLimiter(kind: LimiterKind, options: LimiterOptions): Limiter {
  const make = kinds[kind];
  if (make === undefined) {
    throw new RangeError(`unknown limiter "${String(kind)}": use one of ${limiterKinds.join(", ")}`);
  }
  return make(options);
}
