/**
 * Bodies of calls: arguments, results and IDL errors, on top of any Serializer.
 * Arguments are one request object keyed by parameter name; on the wire they
 * travel as one struct keyed by the parameters' field IDs, so the struct codec
 * reads and writes the request object directly.
 */
import type { MethodDescriptor, StructSchema, TypeSchema } from "../schema/types.js";
import type { Serializer } from "./types.js";

const EMPTY = new Uint8Array(0);
const argTypes = new WeakMap<MethodDescriptor, TypeSchema>();
const structTypes = new WeakMap<StructSchema, TypeSchema>();

/** The parameters of `method` as a struct type (cached per descriptor). */
export function argsType(method: MethodDescriptor): TypeSchema {
  let type = argTypes.get(method);
  if (type === undefined) {
    const schema: StructSchema = {
      kind: "struct",
      name: `${method.name}$args`,
      fullName: `${method.service}.${method.name}$args`,
      fields: method.params,
      annotations: {},
    };
    type = { kind: "ref", target: () => schema };
    argTypes.set(method, type);
  }
  return type;
}

/** A struct, union or error schema as a TypeSchema (cached per schema). */
export function structType(schema: StructSchema): TypeSchema {
  let type = structTypes.get(schema);
  if (type === undefined) {
    type = { kind: "ref", target: () => schema };
    structTypes.set(schema, type);
  }
  return type;
}

/** Call arguments: an object keyed by parameter name (the request object generated code passes and handlers receive). */
export type Args = Readonly<Record<string, unknown>>;

const NO_ARGS: Args = Object.freeze({});

/**
 * Encodes call arguments (the request object, or undefined for "none given")
 * as a struct keyed by parameter IDs; absent or undefined parameters are
 * omitted. The object is written as is: no copy per call.
 */
export function encodeArgs(s: Serializer, method: MethodDescriptor, args: Args | undefined): Uint8Array {
  return s.encode(args ?? NO_ARGS, argsType(method));
}

/**
 * Decodes call arguments straight into a fresh request object: defaults
 * applied to absent defaulted parameters, absent optional and absent required
 * ones left out (validation reports the required ones). An empty body means
 * "no arguments".
 */
export function decodeArgs(s: Serializer, method: MethodDescriptor, body: Uint8Array): Record<string, unknown> {
  if (body.byteLength === 0) {
    const out: Record<string, unknown> = {};
    for (const p of method.params) if (p.default !== undefined) defineOwn(out, p.name, p.default());
    return out;
  }
  return s.decode(body, argsType(method)) as Record<string, unknown>;
}

/** Own data property, also for names Object.prototype has (`__proto__` must not set the prototype). */
function defineOwn(out: Record<string, unknown>, name: string, value: unknown): void {
  if (name === "__proto__") Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  else out[name] = value;
}

/** Encodes a result; a void method has an empty body. */
export function encodeResult(s: Serializer, method: MethodDescriptor, value: unknown): Uint8Array {
  return method.returns === undefined ? EMPTY : s.encode(value, method.returns);
}

/** Decodes a result; a void method gives undefined whatever the body. */
export function decodeResult(s: Serializer, method: MethodDescriptor, body: Uint8Array): unknown {
  return method.returns === undefined ? undefined : s.decode(body, method.returns);
}

/**
 * Encodes an IDL error's fields (read from the error object by field name).
 * The response carries the ERROR flag and status `"IDL:" + schema.fullName`.
 */
export function encodeIdlError(s: Serializer, schema: StructSchema, error: Error): Uint8Array {
  return s.encode(error, structType(schema));
}

/** Decodes an IDL error body into the generated class through `schema.create` (a plain Error named after it otherwise). */
export function decodeIdlError(s: Serializer, schema: StructSchema, body: Uint8Array): Error {
  let fields: Record<string, unknown>;
  if (body.byteLength === 0) {
    fields = {};
    for (const f of schema.fields) if (f.default !== undefined) fields[f.name] = f.default();
  } else {
    fields = s.decode(body, structType(schema)) as Record<string, unknown>;
  }
  if (schema.create !== undefined) return schema.create(fields);
  const err = new Error(`${schema.fullName}: ${JSON.stringify(fields, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}`);
  err.name = schema.name;
  for (const key of Object.keys(fields)) {
    Object.defineProperty(err, key, { value: fields[key], enumerable: true, writable: true, configurable: true });
  }
  return err;
}

/** The status a response carries for an IDL error of `schema`. */
export function idlErrorStatus(schema: StructSchema): string {
  return `IDL:${schema.fullName}`;
}
