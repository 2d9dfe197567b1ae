/**
 * The JSON serializer (id 2), for debugging and for peers without MessagePack.
 * Same field-ID structure as msgpack, as UTF-8 JSON text: structs are objects
 * keyed by the decimal field ID, int64 is a decimal string, bytes are base64,
 * timestamps are epoch milliseconds (see docs/protocol.md). Nesting is bounded
 * before parsing (json-depth.ts), so a hostile body costs one byte scan.
 */
import type { TypeSchema } from "../schema/types.js";
import { sanitizeAny } from "./any.js";
import { jsonConverterFor } from "./json-convert.js";
import { checkJsonDepth } from "./json-depth.js";
import { CodecError } from "./errors.js";
import type { Serializer } from "./types.js";

function toText(wire: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(wire), "utf8");
}

function parse(bytes: Uint8Array): unknown {
  checkJsonDepth(bytes);
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch (err) {
    throw new CodecError("MALFORMED", `body is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}

/** Untyped values: bigint as decimal text, bytes as base64, Maps as objects. */
function anyReplacer(this: unknown, key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  // A Buffer's toJSON already ran; look at the original value instead.
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("base64");
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), v]));
  return value;
}

export const jsonSerializer: Serializer = {
  id: 2,
  name: "json",
  encode(value: unknown, type: TypeSchema): Uint8Array {
    return toText(jsonConverterFor(type).enc(value, 1));
  },
  decode(bytes: Uint8Array, type: TypeSchema): unknown {
    return jsonConverterFor(type).dec(parse(bytes), 1);
  },
  encodeAny(value: unknown): Uint8Array {
    try {
      return Buffer.from(JSON.stringify(value, anyReplacer) ?? "null", "utf8");
    } catch (err) {
      throw new CodecError("TYPE", `cannot encode value as JSON: ${(err as Error).message}`, { cause: err });
    }
  },
  decodeAny(bytes: Uint8Array): unknown {
    return sanitizeAny(parse(bytes));
  },
};
