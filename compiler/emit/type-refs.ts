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

/** TypeScript type text of an IDL type. */
export function tsType(type: TypeNode, ctx: EmitContext): string {
  switch (type.kind) {
    case "primitive":
      return tsPrimitive[type.name];
    case "listType":
      return `${tsType(type.element, ctx)}[]`;
    case "mapType":
      return `Map<${tsType(type.key, ctx)}, ${tsType(type.value, ctx)}>`;
    case "named": {
      const { decl, file } = resolvedType(type);
      return ctx.imports.ref(file, decl.name.text, false);
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
