import type { Handler, Middleware } from "./types.js";

/**
 * Compose middleware into one: `chain(a, b)(h)` runs `a`, then `b`, then `h`
 * (the first middleware is the outermost layer).
 */
export function chain(...middleware: readonly Middleware[]): Middleware {
  return (next: Handler): Handler => {
    let handler = next;
    for (let i = middleware.length - 1; i >= 0; i--) handler = middleware[i]!(handler);
    return handler;
  };
}
