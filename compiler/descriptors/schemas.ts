/**
 * Run-time schemas (runtime/schema/types.ts) built straight from checked
 * declarations: one schema object per declaration, shared by every reference,
 * so the runtime's per-schema caches (codecs, validators) work as for
 * generated code.
 */
import type { EnumDecl, ErrorDecl, Field, SourceFile, StructDecl, TypeDecl, TypeNode, UnionDecl } from "../ast.js";
import type { EnumSchema, FieldSchema, StructSchema, TypeSchema } from "../../runtime/schema/types.js";
import { fullName, resolvedType } from "../emit/context.js";
import { errorFactory } from "./error-class.js";
import { annotationsOf, defaultOf, rulesOf } from "./literals.js";

/** Builds and remembers the schema of each declaration it meets. */
export class SchemaTable {
  readonly #byDecl = new Map<TypeDecl, StructSchema | EnumSchema>();

  /** Every schema built so far, by full name. */
  byName(): Map<string, StructSchema | EnumSchema> {
    return new Map([...this.#byDecl.values()].map((s) => [s.fullName, s]));
  }

  /** The schema of a declaration (built once). */
  schemaOf(decl: TypeDecl, file: SourceFile): StructSchema | EnumSchema {
    let schema = this.#byDecl.get(decl);
    if (schema === undefined) {
      // Registered before its fields are built: recursive types find it.
      schema = decl.kind === "enum" ? enumSchema(decl, file) : this.#structSchema(decl, file);
      this.#byDecl.set(decl, schema);
    }
    return schema;
  }

  /** The StructSchema of an error a method throws. */
  errorSchema(type: TypeNode): StructSchema {
    if (type.kind !== "named") throw new TypeError("throws names an error type");
    const { decl, file } = resolvedType(type);
    return this.schemaOf(decl, file) as StructSchema;
  }

  /** TypeSchema of a field, parameter or result type; user types are thunks as in generated code. */
  typeSchema(type: TypeNode): TypeSchema {
    switch (type.kind) {
      case "primitive":
        return { kind: type.name };
      case "listType":
        return { kind: "list", element: this.typeSchema(type.element) };
      case "mapType":
        return { kind: "map", key: this.typeSchema(type.key), value: this.typeSchema(type.value) };
      case "named": {
        const { decl, file } = resolvedType(type);
        const schema = this.schemaOf(decl, file);
        return { kind: "ref", target: () => schema };
      }
    }
  }

  /** FieldSchema of a struct field or a method parameter. */
  field(f: Field): FieldSchema {
    const schema: { -readonly [K in keyof FieldSchema]: FieldSchema[K] } = {
      id: Number(f.id.value),
      name: f.name.text,
      type: { kind: "bool" },
      optional: f.optional,
      annotations: annotationsOf(f.annotations),
    };
    const def = defaultOf(f.default, f.type);
    if (def !== undefined) schema.default = def;
    const rules = rulesOf(f);
    if (rules !== undefined) schema.rules = rules;
    schema.type = this.typeSchema(f.type);
    return schema;
  }

  #structSchema(decl: StructDecl | UnionDecl | ErrorDecl, file: SourceFile): StructSchema {
    const fields: FieldSchema[] = [];
    const schema: { -readonly [K in keyof StructSchema]: StructSchema[K] } = {
      kind: decl.kind,
      name: decl.name.text,
      fullName: fullName(file, decl.name.text),
      fields,
      annotations: annotationsOf(decl.annotations),
    };
    if (decl.kind === "error") schema.create = errorFactory(schema);
    // Set before the fields: a field of this very type resolves to this object.
    this.#byDecl.set(decl, schema);
    for (const f of decl.fields) fields.push(this.field(f));
    return schema;
  }
}

function enumSchema(decl: EnumDecl, file: SourceFile): EnumSchema {
  return {
    kind: "enum",
    name: decl.name.text,
    fullName: fullName(file, decl.name.text),
    values: decl.values.map((v) => ({ name: v.name.text, value: v.value ?? 0 })),
    annotations: annotationsOf(decl.annotations),
  };
}
