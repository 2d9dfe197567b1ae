/**
 * Request types: a method's parameters as one object keyed by parameter
 * name, in both shapes. Adding an optional or defaulted parameter then adds
 * an optional property, so callers and handlers keep compiling.
 */
import type { ServiceDecl } from "../ast.js";
import type { EmitContext } from "./context.js";
import { serviceMethods } from "./service.js";
import { shapeInterface } from "./shapes.js";
import { requestName } from "./signatures.js";

/** For each method of the service (inherited included): `XMRequest`, then `XMRequestInit`. */
export function requestStatements(service: ServiceDecl, ctx: EmitContext): string[] {
  const out: string[] = [];
  const client = `${service.name.text}Client`;
  const handler = `${service.name.text}Handler`;
  for (const { method } of serviceMethods(service, ctx.file)) {
    const m = method.name.text;
    const read = requestName(service, method, "read");
    const init = requestName(service, method, "init");
    const readDoc = `/** Arguments of {@link ${handler}.${m}} as the handler receives them: defaulted parameters are set. */\n`;
    const initDoc = `/** Arguments of {@link ${client}.${m}} as a caller passes them: optional and defaulted parameters may be left out. */\n`;
    out.push(shapeInterface(readDoc, read, method.params, ctx, "read"), shapeInterface(initDoc, init, method.params, ctx, "init"));
  }
  return out;
}
