/**
 * An IDL `error` as a class extending the runtime's IdlError: the fields are
 * readonly properties, the schema is a static member (with `create`, so the
 * caller's runtime rebuilds the same class and `instanceof` works), and the
 * message is a one-line summary of the required scalar fields: `OutOfStock: sku="A1", available=0`.
 */
import type { ErrorDecl, Field, TypeNode } from "../ast.js";
import { resolvedType, type EmitContext } from "./context.js";
import { docText } from "./docs.js";
import { constStatement, printJs } from "./js.js";
import { structSchemaJs } from "./schemas.js";
import { schemaName, tsType } from "./type-refs.js";
import { newWriter } from "./writer.js";

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
export function errorStatements(decl: ErrorDecl, ctx: EmitContext): string[] {
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

  const w = newWriter();
  w.write(`${docText(decl)}export class ${name} extends ${ctx.imports.runtime("IdlError", true)} `).block(() => {
    w.writeLine("/** Wire schema of this error. */");
    w.writeLine(`static override readonly schema: ${structSchema} = ${schemaName(name)};`);
    for (const f of decl.fields) {
      const type = f.optional || f.default !== undefined ? `${tsType(f.type, ctx)} | undefined` : tsType(f.type, ctx);
      const doc = docText(f);
      if (doc !== "") w.write(doc);
      w.writeLine(`readonly ${f.name.text}: ${type};`);
    }
    w.blankLine();
    const params = decl.fields.length === 0 ? "" : `fields: ${fieldsType}${allOptional ? " = {}" : ""}`;
    w.write(`constructor(${params}) `).block(() => {
      w.writeLine(`super(${message});`);
      for (const f of decl.fields) w.writeLine(`this.${f.name.text} = fields.${f.name.text};`);
    });
  });
  const cls = w.toString().trimEnd();
  const schema = constStatement(
    `/** Wire schema of {@link ${name}} (also \`${name}.schema\`). */\n`,
    schemaName(name),
    structSchema,
    printJs(structSchemaJs(decl, ctx, create)),
  );
  return [schema, cls];
}
