/**
 * The typed client: one method per service method (inherited included),
 * parameters in IDL order (optional and defaulted ones may be left out),
 * then the call options. It only forwards to the Channel it wraps.
 */
import type { ServiceDecl } from "../ast.js";
import type { EmitContext } from "./context.js";
import { docText } from "./docs.js";
import { str } from "./js.js";
import { serviceMethods } from "./service.js";
import { freeParamName, paramTags } from "./signatures.js";
import { tsType } from "./type-refs.js";
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
      const optionsName = freeParamName(method, ["options", "callOptions"]);
      const result = method.returns.kind === "void" || method.oneway ? "void" : tsType(method.returns, ctx);
      const params = method.params.map((p) => `${p.name.text}${p.optional || p.default !== undefined ? "?" : ""}: ${tsType(p.type, ctx)}`);
      params.push(`${optionsName}?: ${callOptions}`);
      const args = `[${method.params.map((p) => p.name.text).join(", ")}]`;
      const target = `${descriptor}.methods[${str(method.name.text)}]!`;
      const body = method.oneway
        ? `return this.#channel.oneway(${target}, ${args}, ${optionsName});`
        : `return this.#channel.unary(${target}, ${args}, ${optionsName}) as Promise<${result}>;`;
      w.blankLine();
      const doc = docText(method, "", paramTags(method, { name: optionsName, text: "call options: timeout, signal, metadata, compression." }));
      if (doc !== "") w.write(doc);
      w.write(`${method.name.text}(${params.join(", ")}): Promise<${result}> `).block(() => {
        w.writeLine(body);
      });
    }
  });
  return w.toString().trimEnd();
}
