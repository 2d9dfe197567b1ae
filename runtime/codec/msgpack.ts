/**
 * The default serializer (id 1): MessagePack through msgpackr. The only file
 * that imports msgpackr. Structs are maps keyed by integer field IDs (see
 * convert.ts and docs/protocol.md).
 */
import { Packr, Unpackr } from "msgpackr";
import type { TypeSchema } from "../schema/types.js";
import { sanitizeAny } from "./any.js";
import { converterFor } from "./convert.js";
import { CodecError } from "./errors.js";
import type { Serializer } from "./types.js";

// Standard MessagePack only (no record extension), so any msgpack library can be a peer.
const packr = new Packr({ useRecords: false, variableMapSize: true });
// Maps stay Maps (integer keys, and a "__proto__" key is just a Map key); int64 decodes to bigint.
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: "bigint" });

function pack(value: unknown): Uint8Array {
  try {
    return packr.pack(value);
  } catch (err) {
    throw new CodecError("TYPE", `cannot encode value as MessagePack: ${(err as Error).message}`, { cause: err });
  }
}

function unpack(bytes: Uint8Array): unknown {
  if (bytes.byteLength === 0) throw new CodecError("MALFORMED", "empty MessagePack body");
  try {
    return unpackr.unpack(bytes);
  } catch (err) {
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      throw new CodecError("DEPTH", "MessagePack body nested too deeply; refusing to decode it", { cause: err });
    }
    throw new CodecError("MALFORMED", `body is not valid MessagePack: ${(err as Error).message}`, { cause: err });
  }
}

export const msgpackSerializer: Serializer = {
  id: 1,
  name: "msgpack",
  encode(value: unknown, type: TypeSchema): Uint8Array {
    return pack(converterFor(type, "msgpack").enc(value, 1));
  },
  decode(bytes: Uint8Array, type: TypeSchema): unknown {
    return converterFor(type, "msgpack").dec(unpack(bytes), 1);
  },
  encodeAny(value: unknown): Uint8Array {
    return pack(value);
  },
  decodeAny(bytes: Uint8Array): unknown {
    return sanitizeAny(unpack(bytes));
  },
};
