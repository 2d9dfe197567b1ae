/**
 * An IDL `error` as a class extending the runtime's IdlError: the fields are
 * readonly properties, the schema is a static member (with `create`, so the
 * caller's runtime rebuilds the same class and `instanceof` works), the
 * constructor applies the IDL defaults (`new Rejected({ reason }).code` is the
 * default, as on the caller's side), and the message is a one-line summary of
 * the required scalar fields: `sku="A1", available=0` (the name is `e.name`).
 */
import type { ErrorDecl, Field, TypeNode } from "../ast.js";
import { resolvedType, type EmitContext } from "./context.js";
import { docText } from "./docs.js";
import { constStatement, printJs } from "./js.js";
import { structSchemaJs, valueExpr } from "./schemas.js";
import { inlineShape } from "./shapes.js";
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
  const fieldsType = inlineShape(decl.fields, ctx, "init");
  const structSchema = ctx.imports.runtime("StructSchema");
  const create = decl.fields.length === 0 ? `() => new ${name}()` : `(fields) => new ${name}(fields as ${fieldsType})`;
  // Required scalar fields only: the name is not repeated (String(e) prints `OutOfStock: sku="A1", available=0`).
  const scalars = decl.fields.filter((f) => !f.optional && f.default === undefined && isScalar(f.type));
  const message = scalars.length === 0 ? `""` : `\`${scalars.map(messagePart).join(", ")}\``;
  const allOptional = decl.fields.every((f) => f.optional || f.default !== undefined);

  const w = newWriter();
  w.write(`${docText(decl)}export class ${name} extends ${ctx.imports.runtime("IdlError", true)} `).block(() => {
    w.writeLine("/** Wire schema of this error. */");
    w.writeLine(`static override readonly schema: ${structSchema} = ${schemaName(name)};`);
    for (const f of decl.fields) {
      // Defaults are applied below, so only optional fields may be undefined; nested values are as the thrower gave them.
      const type = tsType(f.type, ctx, "init");
      const doc = docText(f);
      if (doc !== "") w.write(doc);
      w.writeLine(`readonly ${f.name.text}: ${f.optional ? `${type} | undefined` : type};`);
    }
    w.blankLine();
    const params = decl.fields.length === 0 ? "" : `fields: ${fieldsType}${allOptional ? " = {}" : ""}`;
    w.write(`constructor(${params}) `).block(() => {
      w.writeLine(`super(${message});`);
      for (const f of decl.fields) {
        const value = f.default === undefined ? `fields.${f.name.text}` : `fields.${f.name.text} ?? ${valueExpr(f.default, f.type, ctx)}`;
        w.writeLine(`this.${f.name.text} = ${value};`);
      }
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
