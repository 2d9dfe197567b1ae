/**
 * The handler interface a server implements: parameters in IDL order
 * (defaults already applied, so defaulted ones are plain `T`; optional ones
 * are `T | undefined`), then the call context.
 */
import type { ServiceDecl } from "../ast.js";
import type { EmitContext } from "./context.js";
import { docText } from "./docs.js";
import { serviceMethods } from "./service.js";
import { freeParamName, paramTags } from "./signatures.js";
import { tsType } from "./type-refs.js";
import { writeBlock } from "./writer.js";

export function handlerName(service: ServiceDecl): string {
  return `${service.name.text}Handler`;
}

export function handlerStatement(service: ServiceDecl, ctx: EmitContext): string {
  const members = serviceMethods(service, ctx.file).map(({ method }) => {
    const callContext = ctx.imports.runtime("CallContext");
    const ctxName = freeParamName(method, ["ctx", "context", "callContext"]);
    const result = method.returns.kind === "void" ? "void" : tsType(method.returns, ctx);
    const params = method.params.map((p) => `${p.name.text}: ${p.optional ? `${tsType(p.type, ctx)} | undefined` : tsType(p.type, ctx)}`);
    params.push(`${ctxName}: ${callContext}`);
    const doc = docText(method, "", paramTags(method, { name: ctxName, text: "the call context: deadline, signal, metadata, method." }));
    return `${doc}${method.name.text}(${params.join(", ")}): Promise<${result}> | ${result};`;
  });
  const doc = `/** What a server implements for {@link ${service.name.text}}; register it with \`server.add(${service.name.text}, handler)\`. */\n`;
  return writeBlock(`${doc}export interface ${handlerName(service)} `, members);
}
