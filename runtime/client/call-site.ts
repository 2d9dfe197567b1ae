/**
 * The caller's place in a rejection's stack. An error that ends a call is
 * mostly made later, by the connection that read the answer or by the
 * deadline timer, so its stack shows only runtime frames. Awaiting the call
 * here lets V8's async stack traces (free until used) name the awaiting
 * functions, the user's call site among them; they are appended as
 * `for call at`, as grpc-js does.
 */

/** Errors that already carry a call site: one error object may end several calls. */
const withSite = new WeakSet<object>();

/** Resolves as `promise` does; a rejection gets the awaiting callers appended to its stack. */
export async function traceCallSite<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw appendCallSite(error);
  }
}

function appendCallSite(error: unknown): unknown {
  if (!(error instanceof Error) || withSite.has(error)) return error;
  withSite.add(error);
  const site: { stack?: string } = {};
  Error.captureStackTrace(site, traceCallSite);
  const text = site.stack ?? "";
  const newline = text.indexOf("\n");
  // No frame left (the caller did not await in an async function): nothing to add.
  if (newline < 0) return error;
  error.stack = `${error.stack ?? String(error)}\n    for call at${text.slice(newline)}`;
  return error;
}
