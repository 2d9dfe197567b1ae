/**
 * Pieces shared by the handler interface and the client class: the names of
 * the request types, the result type and method TSDoc (`@param`, `@throws`).
 */
import type { Method, ServiceDecl } from "../ast.js";
import { resolvedType, type EmitContext } from "./context.js";
import type { DocTag } from "./docs.js";
import { rulesText } from "./rules-text.js";
import { tsType, type Shape } from "./type-refs.js";

/**
 * The request type of a method: `<Service><Method>Request` (what the handler
 * receives) and `...RequestInit` (what the caller passes), e.g.
 * `OrderServicePlaceRequest`. Prefixing the service keeps two services'
 * methods apart; names.ts reports a clash with a declared name.
 */
export function requestName(service: ServiceDecl, method: Method, shape: Shape): string {
  const m = method.name.text;
  return `${service.name.text}${m.charAt(0).toUpperCase()}${m.slice(1)}Request${shape === "init" ? "Init" : ""}`;
}

/** True when a caller may leave the whole request out: every parameter is optional or defaulted. */
export function requestOptional(method: Method): boolean {
  return method.params.every((p) => p.optional || p.default !== undefined);
}

/** The result type in `shape` (`void` for void and oneway methods). */
export function resultType(method: Method, ctx: EmitContext, shape: Shape): string {
  return method.returns.kind === "void" || method.oneway ? "void" : tsType(method.returns, ctx, shape);
}

/** `@param` tags for the request and the trailing argument, when the method or a parameter is documented. */
export function paramTags(method: Method, request: string, last: { name: string; text: string }): DocTag[] {
  const documented = method.doc !== undefined || method.params.some((p) => p.doc !== undefined);
  if (!documented) return [];
  return [
    { tagName: "param", text: `request - the arguments by name (see {@link ${request}})` },
    { tagName: "param", text: `${last.name} - ${last.text}` },
  ];
}

/**
 * `@throws` tags of a client method: each declared IDL error (the same class
 * is rethrown on the caller's side), then the validation rules of the
 * parameters, checked before sending (INVALID_ARGUMENT).
 */
export function throwsTags(method: Method, ctx: EmitContext): DocTag[] {
  const tags: DocTag[] = [];
  for (const t of method.throws) {
    const { decl, file } = resolvedType(t);
    const first = firstSentence(decl.doc?.text ?? "");
    const why = first === "" ? "when the server throws it" : `${lowerFirst(first)} (thrown by the server)`;
    tags.push({ tagName: "throws", text: `{@link ${ctx.imports.ref(file, decl.name.text, true)}} ${why}` });
  }
  const rules = method.params.flatMap((p) => rulesText(p.name.text, p.type, p.annotations));
  if (rules.length > 0) {
    tags.push({ tagName: "throws", text: `RpcError INVALID_ARGUMENT, before sending, when ${rules.join("; or ")}` });
  }
  return tags;
}

/** The doc comment's first sentence, without its full stop, safe inside a comment. */
function firstSentence(text: string): string {
  const line = text.trim().split(/\r?\n/)[0] ?? "";
  const end = line.search(/\.(\s|$)/);
  return (end < 0 ? line : line.slice(0, end)).trim().replaceAll("*/", "*\\/");
}

function lowerFirst(s: string): string {
  return s.length > 1 && s.charAt(1) === s.charAt(1).toUpperCase() ? s : s.charAt(0).toLowerCase() + s.slice(1);
}
