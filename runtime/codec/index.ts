/**
 * Bodies: serializers (a registry of ids: 1 = msgpack, 2 = json), call bodies
 * by field ID, and (re-exported) the compressors of runtime/compress.
 */
export type { Serializer, Compressor } from "./types.js";
export { CodecError, MAX_DEPTH } from "./errors.js";
export { msgpackSerializer } from "./msgpack.js";
export { jsonSerializer } from "./json.js";
export { registerSerializer, getSerializer, serializerByName, DEFAULT_SERIALIZER_ID } from "./registry.js";
export { encodeArgs, decodeArgs, encodeResult, decodeResult, encodeIdlError, decodeIdlError, idlErrorStatus, argsType, structType } from "./args.js";
export * from "../compress/index.js";
