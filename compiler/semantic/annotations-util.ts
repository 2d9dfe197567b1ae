/** Small readers over annotation lists, shared by the resolver, the checker and the emitter. */
import type { Annotation } from "../ast.js";

/** The first annotation of that name, if any. */
export function findAnnotation(list: readonly Annotation[], name: string): Annotation | undefined {
  return list.find((a) => a.name.text === name);
}

/**
 * The reason of a `@deprecated`: the string argument, "" when given none, or
 * undefined when the list has no `@deprecated`.
 */
export function deprecation(list: readonly Annotation[]): string | undefined {
  const a = findAnnotation(list, "deprecated");
  if (a === undefined) return undefined;
  const v = a.args[0]?.value;
  return v !== undefined && v.kind === "string" ? v.value : "";
}
