/**
 * An IDL `error` as a class extending the runtime's IdlError: the fields are
 * readonly properties, the schema is a static member (with `create`, so the
 * caller's runtime rebuilds the same class and `instanceof` works), and the
 * message is a one-line summary of the required scalar fields: `OutOfStock: sku="A1", available=0`.
 */
import { StructureKind, type ClassDeclarationStructure } from "ts-morph";
import type { ErrorDecl, Field, TypeNode } from "../ast.js";
import { resolvedType, type EmitContext } from "./context.js";
import { jsDocs } from "./docs.js";
import { constStatement, printJs } from "./js.js";
import { structSchemaJs } from "./schemas.js";
import { schemaName, tsType } from "./type-refs.js";
import type { Statement } from "./types.js";

function isScalar(type: TypeNode): boolean {
  if (type.kind === "primitive") return type.name !== "bytes" && type.name !== "timestamp";
  return type.kind === "named" && resolvedType(type).decl.kind === "enum";
}

/** Part of the message for one field: strings quoted, other scalars as written by String(). */
function messagePart(f: Field): string {
  const access = `fields.${f.name.text}`;
  const isString = f.type.kind === "primitive" && f.type.name === "string";
  return `${f.name.text}=\${${isString ? `JSON.stringify(${access})` : access}}`;
}

/** `X$schema` (its `create` builds the class lazily), then the class, whose static `schema` is the same object. */
export function errorStructures(decl: ErrorDecl, ctx: EmitContext): Statement[] {
  const name = decl.name.text;
  const fieldsType =
    decl.fields.length === 0
      ? "{}"
      : `{ ${decl.fields.map((f) => `${f.name.text}${f.optional || f.default !== undefined ? "?" : ""}: ${tsType(f.type, ctx)}`).join("; ")} }`;
  const structSchema = ctx.imports.runtime("StructSchema");
  const create = decl.fields.length === 0 ? `() => new ${name}()` : `(fields) => new ${name}(fields as ${fieldsType})`;
  // Required scalar fields only: optional and defaulted ones may be unset when the handler builds the error.
  const scalars = decl.fields.filter((f) => !f.optional && f.default === undefined && isScalar(f.type));
  const message = scalars.length === 0 ? JSON.stringify(name) : `\`${name}: ${scalars.map(messagePart).join(", ")}\``;
  const allOptional = decl.fields.every((f) => f.optional || f.default !== undefined);

  const cls: ClassDeclarationStructure = {
    kind: StructureKind.Class,
    isExported: true,
    name,
    extends: ctx.imports.runtime("IdlError", true),
    docs: jsDocs(decl),
    properties: [
      {
        kind: StructureKind.Property,
        name: "schema",
        isStatic: true,
        hasOverrideKeyword: true,
        isReadonly: true,
        type: structSchema,
        initializer: schemaName(name),
        docs: [{ kind: StructureKind.JSDoc, description: "Wire schema of this error." }],
      },
      ...decl.fields.map((f) => ({
        kind: StructureKind.Property as const,
        name: f.name.text,
        isReadonly: true,
        type: f.optional || f.default !== undefined ? `${tsType(f.type, ctx)} | undefined` : tsType(f.type, ctx),
        docs: jsDocs(f),
      })),
    ],
    ctors: [
      {
        kind: StructureKind.Constructor,
        parameters:
          decl.fields.length === 0
            ? []
            : [{ kind: StructureKind.Parameter, name: "fields", type: fieldsType, ...(allOptional ? { initializer: "{}" } : {}) }],
        statements: [`super(${message});`, ...decl.fields.map((f) => `this.${f.name.text} = fields.${f.name.text};`)],
      },
    ],
  };
  const schema = constStatement(
    `/** Wire schema of {@link ${name}} (also \`${name}.schema\`). */\n`,
    schemaName(name),
    structSchema,
    printJs(structSchemaJs(decl, ctx, create)),
  );
  return [schema, cls];
}
