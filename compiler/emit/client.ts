/**
 * The typed client: one method per service method (inherited included),
 * `method(request, options?)`. The request is the init shape (optional and
 * defaulted parameters may be left out, and the whole request when all are);
 * the result is the read shape. It only forwards to the Channel it wraps.
 */
import type { ServiceDecl } from "../ast.js";
import type { EmitContext } from "./context.js";
import { docText } from "./docs.js";
import { serviceMethods } from "./service.js";
import { paramTags, requestName, requestOptional, resultType, throwsTags } from "./signatures.js";
import { newWriter } from "./writer.js";

export function clientName(service: ServiceDecl): string {
  return `${service.name.text}Client`;
}

export function clientStatement(service: ServiceDecl, ctx: EmitContext): string {
  const channel = ctx.imports.runtime("Channel");
  const descriptor = service.name.text;
  const methods = serviceMethods(service, ctx.file);
  // Without methods nothing would read a private field (noUnusedLocals): keep the channel public then.
  const field = methods.length === 0 ? "channel" : "#channel";
  const w = newWriter();
  w.writeLine(`/** Typed client of {@link ${descriptor}}: wrap a channel from \`createClient()\`. */`);
  w.write(`export class ${clientName(service)} `).block(() => {
    w.writeLine(`readonly ${field}: ${channel};`).blankLine();
    w.write(`constructor(channel: ${channel}) `).block(() => {
      w.writeLine(`this.${field} = channel;`);
    });
    for (const { method } of methods) {
      const callOptions = ctx.imports.runtime("CallOptions");
      const result = resultType(method, ctx, "read");
      const request = requestName(service, method, "init");
      const target = `${descriptor}.methods.${method.name.text}`;
      const body = method.oneway
        ? `return this.#channel.oneway(${target}, request, options);`
        : `return this.#channel.unary(${target}, request, options) as Promise<${result}>;`;
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
  return w.toString().trimEnd();
}
