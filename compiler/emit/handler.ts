/**
 * The handler interface a server implements: `method(request, ctx)`, where
 * the request is the read shape (defaults already applied) and the result
 * may be given in the init shape (defaulted fields may be left out).
 */
import type { ServiceDecl } from "../ast.js";
import type { EmitContext } from "./context.js";
import { docText } from "./docs.js";
import { serviceMethods } from "./service.js";
import { paramTags, requestName, resultType } from "./signatures.js";
import { writeBlock } from "./writer.js";

export function handlerName(service: ServiceDecl): string {
  return `${service.name.text}Handler`;
}

export function handlerStatement(service: ServiceDecl, ctx: EmitContext): string {
  const members = serviceMethods(service, ctx.file).map(({ method }) => {
    const callContext = ctx.imports.runtime("CallContext");
    const request = requestName(service, method, "read");
    const result = resultType(method, ctx, "init");
    const doc = docText(method, "", paramTags(method, request, { name: "ctx", text: "the call context: deadline, signal, metadata, method." }));
    return `${doc}${method.name.text}(request: ${request}, ctx: ${callContext}): Promise<${result}> | ${result};`;
  });
  const doc = `/** What a server implements for {@link ${service.name.text}}; register it with \`server.add(${service.name.text}, handler)\`. */\n`;
  return writeBlock(`${doc}export interface ${handlerName(service)} `, members);
}
