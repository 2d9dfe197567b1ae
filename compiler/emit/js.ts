/**
 * A tiny tree of JavaScript expressions (objects, arrays, raw text) and its
 * printer. Schemas and descriptors are nested object literals; building them
 * as data first keeps the walkers simple and the layout uniform.
 */

/** Raw expression text, an object literal or an array literal. */
export type Js = string | JsObject | JsArray;

export interface JsObject {
  readonly kind: "object";
  readonly entries: readonly (readonly [key: string, value: Js])[];
}

export interface JsArray {
  readonly kind: "array";
  readonly items: readonly Js[];
}

/** An object literal; entries whose value is undefined are left out. */
export function obj(entries: readonly (readonly [string, Js | undefined])[]): JsObject {
  const kept: (readonly [string, Js])[] = [];
  for (const [key, value] of entries) if (value !== undefined) kept.push([key, value]);
  return { kind: "object", entries: kept };
}

export function arr(items: readonly Js[]): JsArray {
  return { kind: "array", items };
}

/** A string literal (double quotes, JSON escapes, valid in ES2019+). */
export function str(value: string): string {
  return JSON.stringify(value);
}

const identifierName = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A property key. `__proto__` is written as a computed key: a plain
 * `__proto__:` in an object literal would set the prototype instead.
 */
export function propertyKey(key: string): string {
  if (key === "__proto__") return `["__proto__"]`;
  return identifierName.test(key) ? key : str(key);
}

const maxInline = 96;

/** Print `js`; nested literals stay on one line when short, else one entry per line. */
export function printJs(js: Js, indent = "", step = "  "): string {
  if (typeof js === "string") return js;
  const inline = printInline(js, maxInline - indent.length);
  if (inline !== undefined) return inline;
  const inner = indent + step;
  if (js.kind === "array") {
    const lines = js.items.map((item) => `${inner}${printJs(item, inner, step)},`);
    return `[\n${lines.join("\n")}\n${indent}]`;
  }
  const lines = js.entries.map(([k, v]) => `${inner}${propertyKey(k)}: ${printJs(v, inner, step)},`);
  return `{\n${lines.join("\n")}\n${indent}}`;
}

/** One-line form, or undefined as soon as it would exceed `budget` characters (keeps printing linear). */
function printInline(js: Js, budget: number): string | undefined {
  if (typeof js === "string") return js.length <= budget && !js.includes("\n") ? js : undefined;
  if (js.kind === "array") {
    if (js.items.length === 0) return "[]";
    return join(js.items, (item, left) => printInline(item, left), "[", "]", budget);
  }
  if (js.entries.length === 0) return "{}";
  return join(js.entries, ([k, v], left) => {
    const key = `${propertyKey(k)}: `;
    const value = printInline(v, left - key.length);
    return value === undefined ? undefined : key + value;
  }, "{ ", " }", budget);
}

function join<T>(items: readonly T[], print: (item: T, left: number) => string | undefined, open: string, close: string, budget: number): string | undefined {
  let out = open;
  for (let i = 0; i < items.length; i++) {
    const part = print(items[i]!, budget - out.length - close.length);
    if (part === undefined) return undefined;
    out += i === 0 ? part : `, ${part}`;
    if (out.length + close.length > budget) return undefined;
  }
  return out + close;
}

/** A top-level `export const` statement. */
export function constStatement(doc: string, name: string, type: string | undefined, init: string): string {
  return `${doc}export const ${name}${type === undefined ? "" : `: ${type}`} = ${init};`;
}
