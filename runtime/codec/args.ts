/**
 * Bodies of calls: arguments, results and IDL errors, on top of any Serializer.
 * Arguments travel as one struct keyed by the parameters' field IDs.
 */
import type { MethodDescriptor, StructSchema, TypeSchema } from "../schema/types.js";
import { mpDecodeArgs, mpEncodeArgs, msgpackSerializer } from "./msgpack.js";
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

/** Encodes call arguments (in parameter order) as a struct keyed by parameter IDs; undefined args are omitted. */
export function encodeArgs(s: Serializer, method: MethodDescriptor, args: readonly unknown[]): Uint8Array {
  // The default serializer writes the same bytes from the array itself (no record per call).
  if (s === msgpackSerializer) return mpEncodeArgs(method, args);
  const params = method.params;
  // A plain object (fast properties); the serializers read own properties for names Object.prototype also has.
  const record: Record<string, unknown> = {};
  for (let i = 0; i < params.length; i++) {
    const v = args[i];
    if (v === undefined) continue;
    const name = params[i]!.name;
    if (name === "__proto__") Object.defineProperty(record, name, { value: v, enumerable: true });
    else record[name] = v;
  }
  return s.encode(record, argsType(method));
}

/**
 * Decodes call arguments into parameter order: defaults applied to absent
 * defaulted parameters, absent optional and absent required ones undefined
 * (validation reports the required ones). An empty body means "no arguments".
 */
export function decodeArgs(s: Serializer, method: MethodDescriptor, body: Uint8Array): unknown[] {
  const params = method.params;
  const out = new Array<unknown>(params.length);
  if (body.byteLength === 0) {
    for (let i = 0; i < params.length; i++) out[i] = params[i]!.default?.();
    return out;
  }
  if (s === msgpackSerializer) return mpDecodeArgs(method, body);
  const record = s.decode(body, argsType(method)) as Record<string, unknown>;
  for (let i = 0; i < params.length; i++) {
    const name = params[i]!.name;
    out[i] = Object.hasOwn(record, name) ? record[name] : undefined;
  }
  return out;
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
