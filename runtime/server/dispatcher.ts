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

type HandlerFn = (request: unknown, ctx: CallContext) => unknown;

interface Registered {
  readonly descriptor: ServiceDescriptor;
  readonly impl: Record<string, unknown>;
}

/** A request ready to run: its method and decoded, validated request object. */
export interface PreparedCall {
  readonly method: MethodDescriptor;
  readonly serializer: Serializer;
  readonly request: Record<string, unknown>;
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
    let request: Record<string, unknown>;
    try {
      request = decodeArgs(serializer, method, decompressBody(body, compressorId, this.#maxBodyBytes));
    } catch (error) {
      throw new RpcError(Code.INVALID_ARGUMENT, `cannot decode the arguments of ${method.name}: ${(error as Error).message}`, {
        notProcessed: true,
        cause: error,
      });
    }
    const issue = validateArgs(method, request);
    if (issue !== undefined) {
      throw new RpcError(Code.INVALID_ARGUMENT, `${method.name}: ${issue.path}: ${issue.message}`, {
        notProcessed: true,
        details: { path: issue.path },
      });
    }
    return { method, serializer, request };
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
        request: prepared.request,
        metadata: ctx.metadata as Metadata,
        deadline: ctx.deadline,
        ctx,
      };
      return this.#handler(call);
    }
    return this.#callHandler(prepared.method, prepared.request, ctx);
  }

  /** The handler gets the request object and the context: `method(request, ctx)`. */
  #callHandler(method: MethodDescriptor, request: unknown, ctx: ServerCall): unknown {
    const impl = this.#impls.get(method);
    if (impl === undefined) throw new RpcError(Code.UNIMPLEMENTED, `no handler for ${method.service}/${method.name}`);
    ctx.handlerStarted = true;
    return (impl[method.name] as HandlerFn).call(impl, request, ctx);
  }

  async #invokeHandler(call: Call): Promise<unknown> {
    return this.#callHandler(call.method, call.request, call.ctx as ServerCall);
  }
}
