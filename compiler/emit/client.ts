/**
 * The typed client: one method per service method (inherited included),
 * `method(request, options?)`. The request is the init shape (optional and
 * defaulted parameters may be left out, and the whole request when all are);
 * the result is the read shape. It forwards to the Channel it wraps, and
 * answers refused calls with the per-method fallbacks of its options.
 * `client.broadcast` has the same unary methods, called on every instance
 * the routers leave, with one typed `{ instance, value?, error? }` each.
 */
import type { Method, ServiceDecl } from "../ast.js";
import type { EmitContext } from "./context.js";
import { docText } from "./docs.js";
import { serviceMethods, type ServiceMethod } from "./service.js";
import { paramTags, requestName, requestOptional, resultType, throwsTags } from "./signatures.js";
import { newWriter } from "./writer.js";

export function clientName(service: ServiceDecl): string {
  return `${service.name.text}Client`;
}

/** `<Service>ClientOptions`: a fallback per unary method. */
function optionsStatement(service: ServiceDecl, unary: readonly Method[], ctx: EmitContext): string {
  const w = newWriter();
  const client = clientName(service);
  w.writeLine(`/** Options of {@link ${client}}. */`);
  w.write(`export interface ${client}Options `).block(() => {
    w.writeLine("/**");
    w.writeLine(" * Per method, the result to answer with when the call is refused before any handler ran: the client's");
    w.writeLine(" * circuit breaker is open, a limiter, the server's admission or a bulkhead refused it (`fallbackApplies`).");
    w.writeLine(" * Never for errors declared in `throws`. The value goes through the result's schema, as a reply would.");
    w.writeLine(" */");
    w.write("readonly fallbacks?: ").inlineBlock(() => {
      const fallback = ctx.imports.runtime("Fallback");
      for (const method of unary) {
        const request = requestName(service, method, "init");
        w.writeLine(`readonly ${method.name.text}?: ${fallback}<${request}, ${resultType(method, ctx, "init")}>;`);
      }
    });
    w.write(";").newLine();
  });
  return w.toString().trimEnd();
}

export function broadcastName(service: ServiceDecl): string {
  return `${service.name.text}Broadcast`;
}

/** The client class, preceded by its broadcast class when the service has unary methods. */
export function clientStatement(service: ServiceDecl, ctx: EmitContext): string {
  const channel = ctx.imports.runtime("Channel");
  const descriptor = service.name.text;
  const methods = serviceMethods(service, ctx.file);
  const unary = methods.filter((m) => !m.method.oneway);
  // Without methods nothing would read a private field (noUnusedLocals): keep the channel public then.
  const field = methods.length === 0 ? "channel" : "#channel";
  const options = unary.length === 0 ? "" : `${optionsStatement(service, unary.map((m) => m.method), ctx)}\n\n`;
  const w = newWriter();
  if (unary.length > 0) w.writeLine(broadcastStatement(service, unary, ctx)).blankLine();
  w.writeLine(`/** Typed client of {@link ${descriptor}}: wrap a channel from \`createClient()\`. */`);
  w.write(`export class ${clientName(service)} `).block(() => {
    w.writeLine(`readonly ${field}: ${channel};`);
    if (unary.length > 0) w.writeLine(`readonly #fallbacks: ${clientName(service)}Options["fallbacks"];`);
    if (unary.length > 0) w.writeLine(`#broadcast: ${broadcastName(service)} | undefined;`);
    w.blankLine();
    const optionsParam = unary.length === 0 ? "" : `, options?: ${clientName(service)}Options`;
    w.write(`constructor(channel: ${channel}${optionsParam}) `).block(() => {
      w.writeLine(`this.${field} = channel;`);
      if (unary.length > 0) w.writeLine("this.#fallbacks = options?.fallbacks;");
    });
    if (unary.length > 0) {
      w.blankLine();
      w.writeLine(`/** The unary methods, each called once on every instance the routers leave (see {@link ${broadcastName(service)}}). */`);
      w.write(`get broadcast(): ${broadcastName(service)} `).block(() => {
        w.writeLine(`return (this.#broadcast ??= new ${broadcastName(service)}(this.#channel));`);
      });
    }
    for (const { method } of methods) {
      const callOptions = ctx.imports.runtime("CallOptions");
      const result = resultType(method, ctx, "read");
      const request = requestName(service, method, "init");
      const target = `${descriptor}.methods.${method.name.text}`;
      const body = method.oneway
        ? `return this.#channel.oneway(${target}, request, options);`
        : `return ${ctx.imports.runtime("withFallback", true)}(this.#channel.unary(${target}, request, options), ${target}, request, this.#fallbacks?.${method.name.text}) as Promise<${result}>;`;
      w.blankLine();
      const tags = [...paramTags(method, request, { name: "options", text: "call options: timeout, signal, metadata, compression." }), ...throwsTags(method, ctx)];
      const doc = docText(method, "", tags);
      if (doc !== "") w.write(doc);
      const optional = requestOptional(method) ? "?" : "";
      w.write(`${method.name.text}(request${optional}: ${request}, options?: ${callOptions}): Promise<${result}> `).block(() => {
        w.writeLine(body);
      });
    }
  });
  return options + w.toString().trimEnd();
}

/** `client.broadcast`: each unary method called on every routed instance, resolving one typed result per instance. */
function broadcastStatement(service: ServiceDecl, methods: readonly ServiceMethod[], ctx: EmitContext): string {
  const channel = ctx.imports.runtime("Channel");
  const options = ctx.imports.runtime("BroadcastOptions");
  const result = ctx.imports.runtime("InstanceResult");
  const via = ctx.imports.runtime("broadcastVia", true);
  const descriptor = service.name.text;
  const w = newWriter();
  w.writeLine("/**");
  w.writeLine(` * Broadcast and multicast of {@link ${descriptor}} (\`client.broadcast\`): each method calls every instance the`);
  w.writeLine(" * client's routers (then `options.routers`, for multicast) leave, once, and resolves with one");
  w.writeLine(" * `{ instance, value }` or `{ instance, error }` per instance, in routed order; it rejects only when no instance is left.");
  w.writeLine(" */");
  w.write(`export class ${broadcastName(service)} `).block(() => {
    w.writeLine(`readonly #channel: ${channel};`).blankLine();
    w.write(`constructor(channel: ${channel}) `).block(() => {
      w.writeLine("this.#channel = channel;");
    });
    for (const { method } of methods) {
      const value = resultType(method, ctx, "read");
      const request = requestName(service, method, "init");
      const optional = requestOptional(method) ? "?" : "";
      w.blankLine();
      w.write(`${method.name.text}(request${optional}: ${request}, options?: ${options}): Promise<${result}<${value}>[]> `).block(() => {
        w.writeLine(`return ${via}(this.#channel, ${descriptor}.methods.${method.name.text}, request, options);`);
      });
    }
  });
  return w.toString().trimEnd();
}
