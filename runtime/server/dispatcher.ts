/**
 * Services by name and the path of one call after its frame is accepted:
 * decode -> validate -> server middleware -> handler. Shared by every
 * connection of a server.
 */
import type { CallContext, Metadata } from "../call.js";
import { decodeArgs, getSerializer } from "../codec/index.js";
import type { Serializer } from "../codec/types.js";
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import { chain } from "../middleware/chain.js";
import type { Call, Handler, Middleware } from "../middleware/types.js";
import { validateArgs } from "../schema/validate.js";
import type { MethodDescriptor, ServiceDescriptor } from "../schema/types.js";
import { decompressBody } from "../transport/body.js";
import type { ServerCall } from "./server-call.js";

type HandlerFn = (...args: unknown[]) => unknown;

interface Registered {
  readonly descriptor: ServiceDescriptor;
  readonly impl: Record<string, unknown>;
}

/** A request ready to run: its method and decoded, validated arguments. */
export interface PreparedCall {
  readonly method: MethodDescriptor;
  readonly serializer: Serializer;
  readonly args: unknown[];
}

export class Dispatcher {
  readonly #services = new Map<string, Registered>();
  readonly #impls = new Map<MethodDescriptor, Record<string, unknown>>();
  readonly #handler: Handler;
  readonly #maxBodyBytes: number;
  readonly #middleware: boolean;

  constructor(middleware: readonly Middleware[], maxBodyBytes: number) {
    this.#middleware = middleware.length > 0;
    const terminal: Handler = (call) => this.#invokeHandler(call);
    this.#handler = middleware.length > 0 ? chain(...middleware)(terminal) : terminal;
    this.#maxBodyBytes = maxBodyBytes;
  }

  add(descriptor: ServiceDescriptor, impl: object): void {
    if (this.#services.has(descriptor.name)) {
      throw new RpcError(Code.FAILED_PRECONDITION, `service ${descriptor.name} is already added to this server`);
    }
    for (const name of Object.keys(descriptor.methods)) {
      if (typeof (impl as Record<string, unknown>)[name] !== "function") {
        throw new RpcError(Code.INVALID_ARGUMENT, `handler for ${descriptor.name} lacks method "${name}"`);
      }
    }
    this.#services.set(descriptor.name, { descriptor, impl: impl as Record<string, unknown> });
    for (const method of Object.values(descriptor.methods)) this.#impls.set(method, impl as Record<string, unknown>);
  }

  /** True when server middleware runs before handlers (it may edit the call's metadata in place). */
  get hasMiddleware(): boolean {
    return this.#middleware;
  }

  /** Added services (for registration). */
  services(): ServiceDescriptor[] {
    return [...this.#services.values()].map((r) => r.descriptor);
  }

  /** The method a request names; UNIMPLEMENTED (not processed) when unknown. */
  lookup(service: string, method: string): MethodDescriptor {
    const registered = this.#services.get(service);
    if (registered === undefined) {
      throw new RpcError(Code.UNIMPLEMENTED, `unknown service "${service}"`, { notProcessed: true });
    }
    const methods = registered.descriptor.methods;
    // Own properties only: "constructor" or "__proto__" must not resolve to Object.prototype members.
    if (!Object.hasOwn(methods, method)) {
      throw new RpcError(Code.UNIMPLEMENTED, `unknown method "${method}" of service "${service}"`, { notProcessed: true });
    }
    return methods[method]!;
  }

  /** Decode and validate a request body; INVALID_ARGUMENT (not processed) naming the path on failure. */
  prepare(method: MethodDescriptor, serializerId: number, compressorId: number, body: Uint8Array): PreparedCall {
    const serializer = getSerializer(serializerId);
    if (serializer === undefined) {
      throw new RpcError(Code.INVALID_ARGUMENT, `unknown serializer id ${serializerId}`, { notProcessed: true });
    }
    let args: unknown[];
    try {
      args = decodeArgs(serializer, method, decompressBody(body, compressorId, this.#maxBodyBytes));
    } catch (error) {
      throw new RpcError(Code.INVALID_ARGUMENT, `cannot decode the arguments of ${method.name}: ${(error as Error).message}`, {
        notProcessed: true,
        cause: error,
      });
    }
    const issue = validateArgs(method, args);
    if (issue !== undefined) {
      throw new RpcError(Code.INVALID_ARGUMENT, `${method.name}: ${issue.path}: ${issue.message}`, {
        notProcessed: true,
        details: { path: issue.path },
      });
    }
    return { method, serializer, args };
  }

  /**
   * Run middleware and the handler for a prepared call. Without middleware the
   * handler is called directly and its value returned as is (a plain value, or
   * a promise): a synchronous handler then costs no promise at all. May throw.
   */
  run(prepared: PreparedCall, ctx: ServerCall): unknown {
    if (this.#middleware) {
      const call: Call = {
        side: "server",
        method: prepared.method,
        args: prepared.args,
        metadata: ctx.metadata as Metadata,
        deadline: ctx.deadline,
        ctx,
      };
      return this.#handler(call);
    }
    // The decoded args array is ours: append the context instead of copying.
    const impl = this.#impls.get(prepared.method);
    if (impl === undefined) throw new RpcError(Code.UNIMPLEMENTED, `no handler for ${prepared.method.service}/${prepared.method.name}`);
    const args = prepared.args;
    const n = prepared.method.params.length;
    // Decoders return exactly one slot per parameter; setting length is a slow path, so only when needed.
    if (args.length !== n) args.length = n;
    args.push(ctx);
    return (impl[prepared.method.name] as HandlerFn).apply(impl, args);
  }

  #callHandler(method: MethodDescriptor, callArgs: readonly unknown[], ctx: CallContext): unknown {
    const impl = this.#impls.get(method);
    if (impl === undefined) throw new RpcError(Code.UNIMPLEMENTED, `no handler for ${method.service}/${method.name}`);
    const fn = impl[method.name] as HandlerFn;
    const n = method.params.length;
    const args = new Array<unknown>(n + 1);
    for (let i = 0; i < n; i++) args[i] = callArgs[i];
    args[n] = ctx;
    return fn.apply(impl, args);
  }

  async #invokeHandler(call: Call): Promise<unknown> {
    return this.#callHandler(call.method, call.args, call.ctx as CallContext);
  }
}
