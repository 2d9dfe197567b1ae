/**
 * Serializers turn typed values into body bytes using the IDL schema (struct
 * fields by ID, so renames are safe and unknown fields are skipped).
 */
import type { TypeSchema } from "../schema/types.js";

export interface Serializer {
  /** Wire id (0..255). Built in: 1 = msgpack (default), 2 = json. */
  readonly id: number;
  readonly name: string;
  /** Encode a value of `type`. */
  encode(value: unknown, type: TypeSchema): Uint8Array;
  /** Decode a value of `type`: unknown fields skipped, defaults applied, prototype keys dropped. */
  decode(bytes: Uint8Array, type: TypeSchema): unknown;
  /** Encode a plain untyped value (error details, args of an unknown method): strings, numbers, arrays, records. */
  encodeAny(value: unknown): Uint8Array;
  decodeAny(bytes: Uint8Array): unknown;
}

export interface Compressor {
  /** Wire id (0..255). Built in: 0 = none, 1 = gzip. */
  readonly id: number;
  readonly name: string;
  compress(bytes: Uint8Array): Uint8Array;
  /** Must refuse output larger than `maxBytes` (a zip bomb is a protocol error). */
  decompress(bytes: Uint8Array, maxBytes: number): Uint8Array;
}
