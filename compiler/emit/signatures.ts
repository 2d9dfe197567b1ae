/**
 * Pieces shared by the handler interface and the client class: parameter
 * lists, method TSDoc and a free name for the trailing argument.
 */
import type { DocTag } from "./docs.js";
import { docModel } from "./docs.js";
import type { Method } from "../ast.js";

/** The first candidate no parameter uses: `ctx`, else `context`, ... */
export function freeParamName(method: Method, candidates: readonly string[]): string {
  const used = new Set(method.params.map((p) => p.name.text));
  for (const c of candidates) if (!used.has(c)) return c;
  let i = 2;
  while (used.has(`${candidates[0]}${i}`)) i++;
  return `${candidates[0]}${i}`;
}

/**
 * `@param` tags for documented parameters, then one for the trailing argument;
 * none at all for an undocumented method without documented parameters.
 */
export function paramTags(method: Method, last: { name: string; text: string }): DocTag[] {
  const tags: DocTag[] = [];
  const documented = method.doc !== undefined || method.params.some((p) => p.doc !== undefined);
  if (!documented) return tags;
  for (const p of method.params) {
    const model = docModel(p);
    if (model === undefined) continue;
    const deprecated = model.tags.find((t) => t.tagName === "deprecated");
    const parts = [model.description, deprecated === undefined ? "" : `Deprecated${deprecated.text === undefined ? "." : `: ${deprecated.text}`}`];
    tags.push({ tagName: "param", text: `${p.name.text} - ${parts.filter((x) => x !== "").join(" ")}` });
  }
  tags.push({ tagName: "param", text: `${last.name} - ${last.text}` });
  return tags;
}
