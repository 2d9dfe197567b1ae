/**
 * The JSON form of IDL values for people and scripts (`rpcgen call`): fields
 * by name; int64, bytes, float64 specials and maps as the runtime's JSON
 * serializer writes them (runtime/codec/json-scalars.ts, json-convert.ts);
 * timestamps as RFC 3339 text; enums by name; unions as `{ kind, value }`
 * (the TypeScript shape). docs/cli.md has the table.
 *
 * Reading is lenient where the meaning is clear (an int64 as a number, an enum
 * as its number, a timestamp as epoch ms, a union as `{ "member": value }`,
 * map entries as `[[k, v], ...]`) and otherwise leaves a value as given, so
 * that the runtime's validator reports it with the server's message.
 */
import { jsonScalars } from "../../runtime/codec/json-scalars.js";
import type { EnumSchema, FieldSchema, StructSchema, TypeSchema } from "../../runtime/schema/types.js";

/** A JSON argument that names a field or member the schema does not have. */
export class JsonFormError extends Error {
  override readonly name = "JsonFormError";
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const INTEGER = /^-?\d{1,20}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Run a runtime JSON decoder; on a value it rejects, keep the value for the validator. */
function lenient(dec: (w: unknown, d: number) => unknown, w: unknown): unknown {
  try {
    return dec(w, 0);
  } catch {
    return w;
  }
}

/** JSON form -> the TypeScript value the runtime expects (`path` names it in errors). */
export function fromJson(type: TypeSchema, v: unknown, path: string): unknown {
  if (v === null || v === undefined) return undefined;
  switch (type.kind) {
    case "bool":
    case "int32":
    case "string":
      return v;
    case "int64":
      // A JSON number past 2^53 has already lost digits: leave it for the validator to refuse.
      return typeof v === "number" && !Number.isSafeInteger(v) ? v : lenient(jsonScalars.int64.dec, v);
    case "float64":
      return lenient(jsonScalars.float64.dec, v);
    case "bytes":
      return lenient(jsonScalars.bytes.dec, v);
    case "timestamp":
      if (typeof v === "string" && RFC3339.test(v)) return new Date(v);
      return typeof v === "number" ? new Date(v) : v;
    case "list":
      return Array.isArray(v) ? v.map((x, i) => fromJson(type.element, x, `${path}[${i}]`)) : v;
    case "map":
      return mapFromJson(type.key, type.value, v, path);
    case "ref": {
      const target = type.target();
      if (target.kind === "enum") return enumFromJson(target, v);
      return target.kind === "union" ? unionFromJson(target, v, path) : fieldsFromJson(target.fields, v, path, target.fullName);
    }
  }
}

function enumFromJson(schema: EnumSchema, v: unknown): unknown {
  if (typeof v !== "string") return v;
  return schema.values.find((e) => e.name === v)?.value ?? v;
}

function keyFromJson(key: TypeSchema, k: unknown): unknown {
  if (typeof k === "string" && key.kind === "int32" && INTEGER.test(k)) return Number(k);
  if (typeof k === "string" && key.kind === "ref") {
    const target = key.target();
    if (target.kind === "enum") return INTEGER.test(k) ? Number(k) : enumFromJson(target, k);
  }
  return fromJson(key, k, "");
}

function mapFromJson(key: TypeSchema, value: TypeSchema, v: unknown, path: string): unknown {
  const entries = Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 2) ? (v as [unknown, unknown][]) : isRecord(v) ? Object.entries(v) : undefined;
  if (entries === undefined) return v;
  const out = new Map<unknown, unknown>();
  for (const [k, x] of entries) out.set(keyFromJson(key, k), fromJson(value, x, `${path}{${JSON.stringify(k)}}`));
  return out;
}

/** A struct, an error or the request object: keys are field names; an unknown key is refused. */
export function fieldsFromJson(fields: readonly FieldSchema[], v: unknown, path: string, what: string): unknown {
  if (!isRecord(v)) return v;
  const byName = new Map(fields.map((f) => [f.name, f]));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const f = byName.get(k);
    if (f === undefined) {
      const names = fields.map((g) => g.name).join(", ") || "none";
      throw new JsonFormError(`${path === "" ? "" : `${path}: `}unknown field ${JSON.stringify(k)} of ${what} (fields: ${names})`);
    }
    const value = fromJson(f.type, x, path === "" ? k : `${path}.${k}`);
    if (value !== undefined) Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function unionFromJson(schema: StructSchema, v: unknown, path: string): unknown {
  if (!isRecord(v)) return v;
  const keys = Object.keys(v);
  // `{ "giftCard": {...} }` is read as `{ kind: "giftCard", value: {...} }`.
  const single = keys.length === 1 && keys[0] !== "kind" ? keys[0]! : undefined;
  const kind = single ?? v["kind"];
  const member = typeof kind === "string" ? schema.fields.find((f) => f.name === kind) : undefined;
  if (member === undefined) return single === undefined ? v : { kind: single, value: v[single] };
  const raw = single === undefined ? v["value"] : v[single];
  return { kind: member.name, value: fromJson(member.type, raw, `${path}.${member.name}`) };
}

/** TypeScript value (as the runtime decoded it) -> JSON form. */
export function toJson(type: TypeSchema, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  switch (type.kind) {
    case "bool":
    case "int32":
    case "string":
      return v;
    case "int64":
    case "float64":
    case "bytes":
      return jsonScalars[type.kind].enc(v, 0);
    case "timestamp":
      return v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString() : null;
    case "list":
      return Array.isArray(v) ? v.map((x) => toJson(type.element, x)) : v;
    case "map":
      return mapToJson(type.key, type.value, v);
    case "ref": {
      const target = type.target();
      if (target.kind === "enum") return target.values.find((e) => e.value === v)?.name ?? v;
      if (target.kind === "union") {
        const u = v as { kind?: unknown; value?: unknown };
        const member = target.fields.find((f) => f.name === u.kind);
        return member === undefined ? null : { kind: member.name, value: toJson(member.type, u.value) };
      }
      return fieldsToJson(target.fields, v);
    }
  }
}

/** Object keyed by the key's text (as the runtime's JSON serializer); enum keys by name. */
function mapToJson(key: TypeSchema, value: TypeSchema, v: unknown): unknown {
  const out = Object.create(null) as Record<string, unknown>;
  const entries = v instanceof Map ? [...v.entries()] : isRecord(v) ? Object.entries(v) : [];
  for (const [k, x] of entries) out[String(toJson(key, k))] = toJson(value, x);
  return out;
}

/** A struct's or an error's fields by name, in IDL order; absent optional fields left out. */
export function fieldsToJson(fields: readonly FieldSchema[], v: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isRecord(v)) return out;
  for (const f of fields) {
    const x = Object.hasOwn(v, f.name) ? v[f.name] : undefined;
    if (x !== undefined && x !== null) out[f.name] = toJson(f.type, x);
  }
  return out;
}

/** JSON.stringify for the output (the converted values hold no bigint). */
export function printJson(value: unknown, pretty: boolean): string {
  return JSON.stringify(value, null, pretty ? 2 : undefined);
}
