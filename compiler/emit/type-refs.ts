/**
 * IDL types in the two forms generated code needs: TypeScript type text
 * (`common.Money[]`) and run-time TypeSchema literals (`{ kind: "list", ... }`).
 */
import type { PrimitiveName, TypeNode } from "../ast.js";
import { resolvedType, type EmitContext } from "./context.js";
import { obj, str, type Js } from "./js.js";

const tsPrimitive: Record<PrimitiveName, string> = {
  bool: "boolean",
  int32: "number",
  int64: "bigint",
  float64: "number",
  string: "string",
  bytes: "Uint8Array",
  timestamp: "Date",
};

/**
 * Which of the two generated shapes a type is written in: `read` is what a
 * decoder gives (defaulted fields present), `init` what a writer may pass
 * (defaulted and optional fields may be left out).
 */
export type Shape = "read" | "init";

/** Name of the write shape generated beside a struct or union: `OrderInit`. */
export function initName(typeName: string): string {
  return `${typeName}Init`;
}

/** TypeScript type text of an IDL type, in the read shape or the write (init) shape. */
export function tsType(type: TypeNode, ctx: EmitContext, shape: Shape = "read"): string {
  switch (type.kind) {
    case "primitive":
      return tsPrimitive[type.name];
    case "listType":
      return `${tsType(type.element, ctx, shape)}[]`;
    case "mapType":
      return `Map<${tsType(type.key, ctx, shape)}, ${tsType(type.value, ctx, shape)}>`;
    case "named": {
      const { decl, file } = resolvedType(type);
      const hasInit = shape === "init" && (decl.kind === "struct" || decl.kind === "union");
      return ctx.imports.ref(file, hasInit ? initName(decl.name.text) : decl.name.text, false);
    }
  }
}

/** Name of the schema constant generated for a type: `Item$schema`. */
export function schemaName(typeName: string): string {
  return `${typeName}$schema`;
}

/** TypeSchema literal of an IDL type; user types are thunks, so order and cycles do not matter. */
export function typeSchema(type: TypeNode, ctx: EmitContext): Js {
  switch (type.kind) {
    case "primitive":
      return obj([["kind", str(type.name)]]);
    case "listType":
      return obj([
        ["kind", str("list")],
        ["element", typeSchema(type.element, ctx)],
      ]);
    case "mapType":
      return obj([
        ["kind", str("map")],
        ["key", typeSchema(type.key, ctx)],
        ["value", typeSchema(type.value, ctx)],
      ]);
    case "named": {
      const { decl, file } = resolvedType(type);
      return obj([
        ["kind", str("ref")],
        ["target", `() => ${ctx.imports.ref(file, schemaName(decl.name.text), true)}`],
      ]);
    }
  }
}
