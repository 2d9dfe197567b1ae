/**
 * The typed client: one method per service method (inherited included),
 * parameters in IDL order (optional and defaulted ones may be left out),
 * then the call options. It only forwards to the Channel it wraps.
 */
import { StructureKind, type ClassDeclarationStructure, type MethodDeclarationStructure } from "ts-morph";
import type { ServiceDecl } from "../ast.js";
import type { EmitContext } from "./context.js";
import { jsDocs } from "./docs.js";
import { serviceMethods } from "./service.js";
import { freeParamName, paramTags } from "./signatures.js";
import { str } from "./js.js";
import { tsType } from "./type-refs.js";

export function clientName(service: ServiceDecl): string {
  return `${service.name.text}Client`;
}

export function clientStructure(service: ServiceDecl, ctx: EmitContext): ClassDeclarationStructure {
  const channel = ctx.imports.runtime("Channel");
  const callOptions = ctx.imports.runtime("CallOptions");
  const descriptor = service.name.text;
  const methods: MethodDeclarationStructure[] = serviceMethods(service, ctx.file).map(({ method }) => {
    const optionsName = freeParamName(method, ["options", "callOptions"]);
    const result = method.returns.kind === "void" || method.oneway ? "void" : tsType(method.returns, ctx);
    const args = `[${method.params.map((p) => p.name.text).join(", ")}]`;
    const target = `${descriptor}.methods[${str(method.name.text)}]!`;
    const body = method.oneway
      ? `return this.#channel.oneway(${target}, ${args}, ${optionsName});`
      : `return this.#channel.unary(${target}, ${args}, ${optionsName}) as Promise<${result}>;`;
    return {
      kind: StructureKind.Method,
      name: method.name.text,
      docs: jsDocs(method, paramTags(method, { name: optionsName, text: "call options: timeout, signal, metadata, compression." })),
      parameters: [
        ...method.params.map((p) => ({
          kind: StructureKind.Parameter as const,
          name: p.name.text,
          type: tsType(p.type, ctx),
          hasQuestionToken: p.optional || p.default !== undefined,
        })),
        { kind: StructureKind.Parameter as const, name: optionsName, type: callOptions, hasQuestionToken: true },
      ],
      returnType: `Promise<${result}>`,
      statements: [body],
    };
  });
  return {
    kind: StructureKind.Class,
    isExported: true,
    name: clientName(service),
    docs: [{ kind: StructureKind.JSDoc, description: `Typed client of {@link ${descriptor}}: wrap a channel from \`createClient()\`.` }],
    properties: [{ kind: StructureKind.Property, name: "#channel", isReadonly: true, type: channel }],
    ctors: [
      {
        kind: StructureKind.Constructor,
        parameters: [{ kind: StructureKind.Parameter, name: "channel", type: channel }],
        statements: ["this.#channel = channel;"],
      },
    ],
    methods,
  };
}
