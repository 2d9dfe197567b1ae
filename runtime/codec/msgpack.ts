/**
 * The default serializer (id 1): MessagePack. Typed values go through the
 * schema-compiled writer/reader (msgpack-compile.ts: structs as maps keyed by
 * integer field IDs, see docs/protocol.md); untyped values through msgpackr,
 * and this is the only file that imports msgpackr.
 */
import { Packr, Unpackr } from "msgpackr";
import type { TypeSchema } from "../schema/types.js";
import { sanitizeAny } from "./any.js";
import { mpResolvedCodecFor } from "./msgpack-compile.js";
import type { MpCodec } from "./msgpack-struct.js";
import { setSource, expectEnd } from "./msgpack-read.js";
import { abort, begin, finish } from "./msgpack-write.js";
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

// The last type coded: calls of one method use the same type objects back to back, so this
// one-entry cache usually answers instead of the WeakMap.
let lastType: TypeSchema | undefined;
let lastCodec: MpCodec | undefined;

function codecOf(type: TypeSchema): MpCodec {
  if (type === lastType) return lastCodec!;
  const codec = mpResolvedCodecFor(type);
  lastType = type;
  lastCodec = codec;
  return codec;
}

/** One value through the writer; the writer survives a throw, and an encode run from a getter meanwhile. */
function encodeWith(codec: MpCodec, value: unknown): Uint8Array {
  const mark = begin();
  try {
    codec.write(value, 1);
  } catch (err) {
    abort(mark);
    throw err;
  }
  return finish(mark);
}

export const msgpackSerializer: Serializer = {
  id: 1,
  name: "msgpack",
  encode(value: unknown, type: TypeSchema): Uint8Array {
    return encodeWith(codecOf(type), value);
  },
  decode(bytes: Uint8Array, type: TypeSchema): unknown {
    if (bytes.byteLength === 0) throw new CodecError("MALFORMED", "empty MessagePack body");
    const codec = codecOf(type);
    setSource(bytes);
    const value = codec.read(1);
    expectEnd();
    return value;
  },
  encodeAny(value: unknown): Uint8Array {
    return pack(value);
  },
  decodeAny(bytes: Uint8Array): unknown {
    return sanitizeAny(unpack(bytes));
  },
};
