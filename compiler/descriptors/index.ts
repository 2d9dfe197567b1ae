/**
 * Run-time descriptors straight from a checked Program, for tools that call
 * or serve IDL services without generated TypeScript (`rpcgen call`): one
 * ServiceDescriptor per service and the schema of every type they reach.
 */
import type { Program } from "../ast.js";
import type { EnumSchema, ServiceDescriptor, StructSchema } from "../../runtime/schema/types.js";
import { SchemaTable } from "./schemas.js";
import { serviceDescriptor } from "./services.js";

export type { DynamicIdlError } from "./error-class.js";

/** What `buildDescriptors` returns. */
export interface DescriptorSet {
  /** Every service of every file of the program (imports included), by full name, in file order. */
  readonly services: ReadonlyMap<string, ServiceDescriptor>;
  /** Every struct, union, error and enum, by full name (e.g. `shop.orders.Order`). */
  readonly types: ReadonlyMap<string, StructSchema | EnumSchema>;
}

/**
 * Build descriptors from a Program the front end checked without errors (an
 * unresolved name throws). IDL errors get a run-time class (`schema.create`),
 * so a handler may throw `schema.create({ id })` and a caller gets it typed.
 */
export function buildDescriptors(program: Program): DescriptorSet {
  const table = new SchemaTable();
  const services = new Map<string, ServiceDescriptor>();
  for (const file of program.files) {
    for (const decl of file.declarations) {
      if (decl.kind === "service") {
        const d = serviceDescriptor(decl, file, table);
        services.set(d.name, d);
      } else if (decl.kind !== "const") {
        table.schemaOf(decl, file);
      }
    }
  }
  return { services, types: table.byName() };
}
