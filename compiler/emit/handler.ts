/**
 * The handler interface a server implements: parameters in IDL order
 * (defaults already applied, so defaulted ones are plain `T`; optional ones
 * are `T | undefined`), then the call context.
 */
import { StructureKind, type InterfaceDeclarationStructure } from "ts-morph";
import type { ServiceDecl } from "../ast.js";
import type { EmitContext } from "./context.js";
import { jsDocs } from "./docs.js";
import { serviceMethods } from "./service.js";
import { freeParamName, paramTags } from "./signatures.js";
import { tsType } from "./type-refs.js";

export function handlerName(service: ServiceDecl): string {
  return `${service.name.text}Handler`;
}

export function handlerStructure(service: ServiceDecl, ctx: EmitContext): InterfaceDeclarationStructure {
  const callContext = ctx.imports.runtime("CallContext");
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name: handlerName(service),
    docs: [{ kind: StructureKind.JSDoc, description: `What a server implements for {@link ${service.name.text}}; register it with \`server.add(${service.name.text}, handler)\`.` }],
    methods: serviceMethods(service, ctx.file).map(({ method }) => {
      const ctxName = freeParamName(method, ["ctx", "context", "callContext"]);
      const result = method.returns.kind === "void" ? "void" : tsType(method.returns, ctx);
      return {
        kind: StructureKind.MethodSignature,
        name: method.name.text,
        docs: jsDocs(method, paramTags(method, { name: ctxName, text: "the call context: deadline, signal, metadata, method." })),
        parameters: [
          ...method.params.map((p) => ({
            kind: StructureKind.Parameter as const,
            name: p.name.text,
            type: p.optional ? `${tsType(p.type, ctx)} | undefined` : tsType(p.type, ctx),
          })),
          { kind: StructureKind.Parameter as const, name: ctxName, type: callContext },
        ],
        returnType: `Promise<${result}> | ${result}`,
      };
    }),
  };
}
