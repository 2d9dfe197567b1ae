/**
 * MessagePack codecs of structs, errors and unions (see msgpack-compile.ts for
 * the rest): a map keyed by integer field IDs; absent (undefined/null) fields
 * omitted; on decode unknown IDs and non-integer keys skipped, nil is absent,
 * absent defaulted fields get a fresh default, absent optional fields stay
 * absent. A union is a single-entry map <-> `{ kind: <field name>, value }`
 * (no known member: undefined, like an unset protobuf oneof).
 */
import type { FieldSchema, StructSchema, TypeSchema } from "../schema/types.js";
import { CodecError, depthError, MAX_DEPTH, typeError } from "./errors.js";
import * as r from "./msgpack-read.js";
import { readFieldId, skip } from "./msgpack-skip.js";
import * as w from "./msgpack-write.js";

/** A compiled codec for one type. */
export interface MpCodec {
  write(value: unknown, depth: number): void;
  read(depth: number): unknown;
}

interface Field {
  readonly id: number;
  readonly name: string;
  /** The field ID as an encoded MessagePack int, prepared once. */
  readonly keyBytes: Uint8Array;
  codec: MpCodec;
  readonly default: (() => unknown) | undefined;
  /** The name exists on Object.prototype ("constructor"...): read and test own properties only. */
  readonly inherited: boolean;
  /** Literally `__proto__`: must be defined, not assigned. */
  readonly special: boolean;
  /** A user type (ref): its decoder may return undefined (an unknown union member). */
  readonly mayBeUndefined: boolean;
}

function keyBytes(id: number): Uint8Array {
  if (id < 0x80) return Uint8Array.of(id);
  if (id < 0x100) return Uint8Array.of(0xcc, id);
  if (id < 0x10000) return Uint8Array.of(0xcd, id >>> 8, id & 0xff);
  return Uint8Array.of(0xce, id >>> 24, (id >>> 16) & 0xff, (id >>> 8) & 0xff, id & 0xff);
}

function compileFields(fields: readonly FieldSchema[], codecFor: (type: TypeSchema) => MpCodec): Field[] {
  return fields.map((f) => ({
    id: f.id,
    name: f.name,
    keyBytes: keyBytes(f.id),
    codec: codecFor(f.type),
    default: f.default,
    inherited: f.name in Object.prototype,
    special: f.name === "__proto__",
    mayBeUndefined: f.type.kind === "ref",
  }));
}

/** Field lookup by ID: a dense array for the usual small IDs, a Map otherwise. */
function indexById(fields: Field[]): (id: number) => Field | undefined {
  const max = fields.reduce((m, f) => Math.max(m, f.id), 0);
  if (max < 1024) {
    const table = new Array<Field | undefined>(max + 1).fill(undefined);
    for (const f of fields) table[f.id] = f;
    return (id) => (id <= max ? table[id] : undefined);
  }
  const map = new Map(fields.map((f) => [f.id, f]));
  return (id) => map.get(id);
}

/** A JS string literal for generated code (field names come from schemas, IDs are checked integers). */
function lit(s: string): string {
  return JSON.stringify(s);
}

function defineField(out: object, name: string, value: unknown): void {
  Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
}

/** How generated code reaches field `i` of the value: a record by name, or an array by index. */
interface Access {
  get(f: Field, i: number): string;
  set(f: Field, i: number, value: string): string;
  isAbsent(f: Field, i: number): string;
  /** Expression creating the decoded value. */
  fresh: string;
  /** What a non-object value is reported as. */
  what: string;
}

function recordAccess(what: string): Access {
  return {
    get: (f) => (f.inherited || f.special ? `(Object.hasOwn(v, ${lit(f.name)}) ? v[${lit(f.name)}] : undefined)` : `v[${lit(f.name)}]`),
    set: (f, _i, value) => (f.special ? `defineField(o, ${lit(f.name)}, ${value})` : `o[${lit(f.name)}] = ${value}`),
    isAbsent: (f) => (f.inherited || f.special ? `!Object.hasOwn(o, ${lit(f.name)})` : `o[${lit(f.name)}] === undefined`),
    fresh: "{}",
    what,
  };
}

/**
 * Structs are the hot path, so their reader and writer are generated once per
 * schema with constant property names (like protobufjs does): V8 then uses
 * fast named property access instead of megamorphic keyed lookups.
 */
export function structCodec(schema: StructSchema, codecFor: (type: TypeSchema) => MpCodec): MpCodec {
  return generate(schema.fullName, schema.fields, codecFor, () => recordAccess(`a ${schema.fullName}`));
}

function generate(fullName: string, schemaFields: readonly FieldSchema[], codecFor: (type: TypeSchema) => MpCodec, access: (n: number) => Access): MpCodec {
  const fields = compileFields(schemaFields, codecFor);
  for (const f of fields) {
    if (!Number.isInteger(f.id) || f.id < 1 || f.id >= 2 ** 29) {
      throw new CodecError("TYPE", `${fullName}.${f.name}: field ID ${f.id} is not an integer in 1..2^29-1`);
    }
  }
  const n = fields.length;
  const a = access(n);
  const what = a.what;

  const writeBody = fields
    .map((f, i) => {
      const key = f.id < 0x80 ? `writeByte(${f.id})` : `writeRaw(keys[${i}])`;
      return `  x = ${a.get(f, i)};\n  if (x !== undefined && x !== null) { ${key}; c${i}.write(x, d + 1); count++; }`;
    })
    .join("\n");
  // A user type may decode to undefined (a union with no member this side knows): leave the field absent then.
  const readCases = fields
    .map((f, i) =>
      f.mayBeUndefined
        ? `      case ${f.id}: if (!readNil()) { x = c${i}.read(d + 1); if (x !== undefined) ${a.set(f, i, "x")}; } break;`
        : `      case ${f.id}: if (!readNil()) ${a.set(f, i, `c${i}.read(d + 1)`)}; break;`,
    )
    .join("\n");
  const defaults = fields
    .map((f, i) => (f.default === undefined ? "" : `  if (${a.isAbsent(f, i)}) ${a.set(f, i, `defaults[${i}]()`)};`))
    .filter((s) => s !== "")
    .join("\n");
  const source = `
${fields.map((_, i) => `const c${i} = codecs[${i}];`).join("\n")}
function write(v, d) {
  if (typeof v !== "object" || v === null) throw typeError(what, v);
  if (d > MAX_DEPTH) throw depthError();
  const mark = reserveMap(${n});
  let count = 0;
  let x;
${writeBody}
  patchMap(mark, ${n}, count);
}
function read(d) {
  if (d > MAX_DEPTH) throw depthError();
  const entries = readMapHeader();
  const o = ${a.fresh};
  let x;
  for (let i = 0; i < entries; i++) {
    switch (readFieldId()) {
${readCases}
      default: skip();
    }
  }
${defaults}
  return o;
}
return { write, read };`;
  const factory = new Function(
    "codecs", "keys", "defaults", "what", "MAX_DEPTH", "typeError", "depthError", "defineField",
    "reserveMap", "patchMap", "writeByte", "writeRaw", "readMapHeader", "readFieldId", "readNil", "skip",
    source,
  ) as (...args: unknown[]) => MpCodec;
  return factory(
    fields.map((f) => f.codec), fields.map((f) => f.keyBytes), fields.map((f) => f.default), what, MAX_DEPTH, typeError, depthError, defineField,
    w.reserveMap, w.patchMap, w.writeByte, w.writeRaw, r.readMapHeader, readFieldId, r.readNil, skip,
  );
}

export function unionCodec(schema: StructSchema, codecFor: (type: TypeSchema) => MpCodec): MpCodec {
  const fields = compileFields(schema.fields, codecFor);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const byId = indexById(fields);
  return {
    write(v, d) {
      if (typeof v !== "object" || v === null) throw typeError(`a ${schema.fullName} union ({ kind, value })`, v);
      if (d > MAX_DEPTH) throw depthError();
      const u = v as { kind?: unknown; value?: unknown };
      const f = typeof u.kind === "string" ? byName.get(u.kind) : undefined;
      if (f === undefined) throw new CodecError("TYPE", `unknown member ${JSON.stringify(u.kind)} of union ${schema.fullName}`);
      if (u.value === undefined || u.value === null) throw new CodecError("TYPE", `union ${schema.fullName} member ${f.name} has no value`);
      w.writeMapHeader(1);
      w.writeRaw(f.keyBytes);
      f.codec.write(u.value, d + 1);
    },
    read(d) {
      if (d > MAX_DEPTH) throw depthError();
      const entries = r.readMapHeader();
      let found: { kind: string; value: unknown } | undefined;
      for (let i = 0; i < entries; i++) {
        const id = readFieldId();
        const f = id < 0 ? undefined : byId(id);
        if (f === undefined || r.readNil()) {
          if (f === undefined) skip();
          continue;
        }
        if (found !== undefined) throw new CodecError("TYPE", `union ${schema.fullName} has more than one member set`);
        found = { kind: f.name, value: f.codec.read(d + 1) };
      }
      return found;
    },
  };
}
