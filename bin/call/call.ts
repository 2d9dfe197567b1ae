/**
 * `rpcgen call`: one call to a running service, described by its IDL (no
 * generated code), through the runtime's channel. Arguments are read in the
 * JSON form (json-form.ts) and validated with the runtime's validators before
 * anything is sent; the result is printed in the same JSON form.
 *
 * Exit status: 0 the call succeeded (or the oneway call was written); 1 the
 * call failed (an RpcError, or a typed IDL error); 2 bad usage, nothing sent
 * (IDL errors, unknown method, malformed or invalid arguments).
 */
import type { CallOptions, Metadata } from "../../runtime/call.js";
import { createClient } from "../../runtime/client/channel.js";
import { Code } from "../../runtime/codes.js";
import { IdlError, RpcError } from "../../runtime/errors.js";
import type { Registry } from "../../runtime/registry/registry.js";
import type { MethodDescriptor, StructSchema } from "../../runtime/schema/types.js";
import { validateArgs } from "../../runtime/schema/validate.js";
import { fieldsFromJson, fieldsToJson, JsonFormError, printJson, toJson } from "./json-form.js";
import { CallUsageError, findMethod, loadDescriptors } from "./load-idl.js";
import { listing } from "./signatures.js";

/** What `rpcgen call` was asked to do. */
export interface CallCommand {
  /** IDL files or directories (every `.idl` below). */
  readonly idl: readonly string[];
  /** Extra import roots. */
  readonly includeDirs?: readonly string[];
  /** Print the services and method signatures instead of calling. */
  readonly list?: boolean;
  /** Where the call goes: any client target (`static://`, `redis://`, `etcd://`, `registry://`...). */
  readonly target?: string;
  /** `service/method`. */
  readonly method?: string;
  /** The arguments: a JSON object keyed by parameter name (absent: `{}`). */
  readonly data?: string;
  readonly metadata?: Metadata;
  /** Deadline of the call, ms (default: the method's `@timeout`, else the client's 10 s). */
  readonly timeoutMs?: number;
  /** Registry for `memory://` and `registry://` targets (API use; the command line has none). */
  readonly registry?: Registry;
  /** Service -> application, for servers registered per application. */
  readonly applications?: Readonly<Record<string, string>>;
  /** Indent the JSON output (default true). */
  readonly pretty?: boolean;
}

/** Where output goes (the process's streams, or a test's buffers). */
export interface CallOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const EXIT_OK = 0;
export const EXIT_CALL_FAILED = 1;
export const EXIT_USAGE = 2;

/** Run the command; resolves with the exit status (never rejects for a failed call). */
export async function runCall(cmd: CallCommand, out: CallOutput): Promise<number> {
  try {
    const set = loadDescriptors(cmd.idl, cmd.includeDirs ?? []);
    if (cmd.list === true) {
      out.stdout(listing(set.services.values()));
      return EXIT_OK;
    }
    if (cmd.method === undefined) throw new CallUsageError("no method given: rpcgen call --idl DIR --target URL <service/method> [json]");
    if (cmd.target === undefined) throw new CallUsageError("no target given: pass --target, e.g. static://127.0.0.1:7001 or redis://host:6379");
    const method = findMethod(set, cmd.method);
    const request = readRequest(method, cmd.data);
    return await send(cmd, method, request, out);
  } catch (e) {
    if (!(e instanceof CallUsageError)) throw e;
    out.stderr(`rpcgen call: ${e.message}\n`);
    return EXIT_USAGE;
  }
}

/** Parse and validate the arguments: the same check (and message) the server would make. */
function readRequest(method: MethodDescriptor, data: string | undefined): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = data === undefined || data.trim() === "" ? {} : JSON.parse(data);
  } catch (e) {
    throw new CallUsageError(`the arguments are not valid JSON (${(e as Error).message}); give an object keyed by parameter name, e.g. '{"id":"42"}'`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new CallUsageError(`the arguments must be a JSON object keyed by parameter name (${method.params.map((p) => p.name).join(", ") || "none"})`);
  }
  let request: Record<string, unknown>;
  try {
    request = fieldsFromJson(method.params, parsed, "", `${method.name}'s parameters`) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof JsonFormError) throw new CallUsageError(`${Code.INVALID_ARGUMENT}: ${method.name}: ${e.message}`);
    throw e;
  }
  const issue = validateArgs(method, request);
  if (issue !== undefined) throw new CallUsageError(`${Code.INVALID_ARGUMENT}: ${method.name}: ${issue.path}: ${issue.message} (nothing was sent)`);
  return request;
}

async function send(cmd: CallCommand, method: MethodDescriptor, request: object, out: CallOutput): Promise<number> {
  const client = createClient({
    target: cmd.target!,
    ...(cmd.registry === undefined ? {} : { registry: cmd.registry }),
    ...(cmd.applications === undefined ? {} : { applications: cmd.applications }),
  });
  const options: CallOptions = {};
  if (cmd.metadata !== undefined) options.metadata = cmd.metadata;
  if (cmd.timeoutMs !== undefined) options.timeout = cmd.timeoutMs;
  try {
    if (method.kind === "oneway") {
      await client.oneway(method, request, options);
      out.stderr(`rpcgen call: oneway ${method.service}/${method.name} sent (no reply is awaited)\n`);
      return EXIT_OK;
    }
    const result = await client.unary(method, request, options);
    if (method.returns !== undefined) out.stdout(`${printJson(toJson(method.returns, result), cmd.pretty !== false)}\n`);
    return EXIT_OK;
  } catch (e) {
    out.stderr(`${describeFailure(method, e)}\n`);
    return EXIT_CALL_FAILED;
  } finally {
    await client.close();
  }
}

/** One line: `NOT_FOUND: message`, or `shop.orders.OrderNotFound {"id":"42"}` for an IDL error. */
export function describeFailure(method: MethodDescriptor, e: unknown): string {
  if (e instanceof IdlError) {
    const schema: StructSchema | undefined = (e.constructor as { schema?: StructSchema }).schema;
    const declared = method.throws.find((s) => s.fullName === schema?.fullName) ?? schema;
    if (declared !== undefined) return `rpcgen call: ${declared.fullName} ${printJson(fieldsToJson(declared.fields, e), false)}`;
  }
  const err = RpcError.from(e);
  const details = Object.keys(err.details).length === 0 ? "" : ` ${JSON.stringify(err.details)}`;
  return `rpcgen call: ${err.code}: ${err.message}${details}`;
}
