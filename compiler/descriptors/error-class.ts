/**
 * IDL errors without generated code: a subclass of the runtime's IdlError per
 * error schema, made at run time, so a handler can throw one and a caller
 * receives one (`instanceof` matches by full name across runtime copies).
 */
import { IdlError } from "../../runtime/errors.js";
import type { StructSchema } from "../../runtime/schema/types.js";

/** An error instance with the IDL fields as properties. */
export type DynamicIdlError = IdlError & Record<string, unknown>;

/** `schema.create`: builds the error from decoded fields (name -> value); defaults applied. */
export function errorFactory(schema: StructSchema): (fields: Record<string, unknown>) => Error {
  let cls: (new (fields: Record<string, unknown>) => DynamicIdlError) | undefined;
  return (fields) => new (cls ??= errorClass(schema))(fields);
}

function errorClass(schema: StructSchema): new (fields: Record<string, unknown>) => DynamicIdlError {
  const cls = class extends IdlError {
    static override readonly schema: StructSchema = schema;
    constructor(fields: Record<string, unknown>) {
      super(summary(schema, fields));
      for (const f of schema.fields) {
        const value = fields[f.name] ?? f.default?.();
        if (value !== undefined) Object.defineProperty(this, f.name, { value, enumerable: true, writable: true, configurable: true });
      }
    }
  };
  // IdlError names an instance after its class: the IDL error's simple name, as generated code does.
  Object.defineProperty(cls, "name", { value: schema.name });
  return cls as unknown as new (fields: Record<string, unknown>) => DynamicIdlError;
}

const SCALARS = new Set(["bool", "int32", "int64", "float64", "string"]);

/** `sku="A1", available=0`: the required scalar fields, as the generated class's message. */
function summary(schema: StructSchema, fields: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const f of schema.fields) {
    if (f.optional || f.default !== undefined) continue;
    const scalar = SCALARS.has(f.type.kind) || (f.type.kind === "ref" && f.type.target().kind === "enum");
    if (!scalar) continue;
    const v = fields[f.name];
    parts.push(`${f.name}=${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
  }
  return parts.join(", ");
}
