/** The handler of the built-in health service over a `HealthState`. */
import type { CallContext } from "../call.js";
import type { HealthHandler, HealthStatus } from "./descriptor.js";
import type { HealthState } from "./health-state.js";

/**
 * A watch answers this long before its deadline at most, so the answer
 * arrives before the caller gives up (a tenth of the time left, capped).
 */
const DEADLINE_MARGIN_MS = 500;

export function healthHandler(state: HealthState): HealthHandler {
  return {
    check: ({ service }) => state.get(service),
    watch: ({ service, last }, ctx) => {
      const now = state.get(service);
      if (last === undefined || now !== last || state.closing) return now;
      return waitForChange(state, service, ctx);
    },
  };
}

function waitForChange(state: HealthState, service: string, ctx: CallContext): Promise<HealthStatus> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (status: HealthStatus) => {
      stop();
      clearTimeout(timer);
      ctx.signal.removeEventListener("abort", onAbort);
      resolve(status);
    };
    const onAbort = () => finish(state.get(service));
    const stop = state.onChange(service, finish);
    if (ctx.deadline !== Infinity) {
      const left = ctx.deadline - Date.now();
      const margin = Math.min(DEADLINE_MARGIN_MS, Math.max(0, left / 10));
      timer = setTimeout(() => finish(state.get(service)), Math.max(0, left - margin));
    }
    ctx.signal.addEventListener("abort", onAbort, { once: true });
  });
}
