/**
 * A MessagePack reader for the schema-compiled decoder. Every read checks the
 * remaining length first (a declared length never reaches past the body).
 * Skipping unknown values: msgpack-skip.ts. Module state: one decode runs at a time.
 */
import { big64be, f32be, f64be, i16be, i32be, i8, u32be } from "./bytes-be.js";
import { CodecError } from "./errors.js";
import { CACHED_MAX_BYTES, cachedAscii } from "./string-cache.js";

// Any Uint8Array view, read with byte arithmetic (bytes-be.ts): no Buffer or DataView per body.
let src: Uint8Array = new Uint8Array(0);
/** A Buffer over `src`, made only when a long or non-ASCII string needs the native decoder. */
let srcBuffer: Buffer | undefined;
let pos = 0;
let end = 0;

/** Starts reading `bytes`. */
export function setSource(bytes: Uint8Array): void {
  src = bytes;
  srcBuffer = undefined;
  pos = 0;
  end = bytes.length;
}

function utf8(at: number, to: number): string {
  srcBuffer ??= Buffer.isBuffer(src) ? src : Buffer.from(src.buffer, src.byteOffset, src.byteLength);
  return srcBuffer.toString("utf8", at, to);
}

/** Throws unless the whole body was consumed. */
export function expectEnd(): void {
  if (pos !== end) throw new CodecError("MALFORMED", `${end - pos} unexpected bytes after the value`);
}

export function truncated(): CodecError {
  return new CodecError("MALFORMED", "MessagePack body ends in the middle of a value");
}

export function need(n: number): void {
  if (pos + n > end) throw truncated();
}

export function byte(): number {
  if (pos >= end) throw truncated();
  return src[pos++]!;
}

export function u16(): number {
  need(2);
  const v = (src[pos]! << 8) | src[pos + 1]!;
  pos += 2;
  return v;
}

export function u32(): number {
  need(4);
  const v = u32be(src, pos);
  pos += 4;
  return v;
}

const TWO_32 = 2 ** 32;

/** A uint64 at pos (8 bytes available) as a number; exact up to 2^53. */
function u64Number(): number {
  const v = u32be(src, pos) * TWO_32 + u32be(src, pos + 4);
  pos += 8;
  return v;
}

/** An int64 at pos (8 bytes available) as a number; exact within ±2^53. */
function i64Number(): number {
  const v = i32be(src, pos) * TWO_32 + u32be(src, pos + 4);
  pos += 8;
  return v;
}

/** Human name of a format byte, for type errors. */
function formatName(b: number): string {
  if (b <= 0x7f || b >= 0xe0 || (b >= 0xcc && b <= 0xd3)) return "an integer";
  if (b <= 0x8f || b === 0xde || b === 0xdf) return "a map";
  if (b <= 0x9f || b === 0xdc || b === 0xdd) return "an array";
  if (b <= 0xbf || (b >= 0xd9 && b <= 0xdb)) return "a string";
  if (b === 0xc0) return "nil";
  if (b === 0xc2 || b === 0xc3) return "a boolean";
  if (b >= 0xc4 && b <= 0xc6) return "binary";
  if (b === 0xca || b === 0xcb) return "a float";
  return `format 0x${b.toString(16)}`;
}

function mismatch(expected: string, b: number): CodecError {
  if (b === 0xc1) return new CodecError("MALFORMED", "invalid MessagePack format byte 0xc1");
  return new CodecError("TYPE", `expected ${expected}, got ${formatName(b)}`);
}

/** Peeks at the next format byte (for nil checks). */
export function peek(): number {
  if (pos >= end) throw truncated();
  return src[pos]!;
}

/** Consumes a nil if one is next; true when it did. */
export function readNil(): boolean {
  if (pos < end && src[pos] === 0xc0) {
    pos++;
    return true;
  }
  return false;
}

export function readBool(): boolean {
  const b = byte();
  if (b === 0xc3) return true;
  if (b === 0xc2) return false;
  throw mismatch("a boolean", b);
}

/** Any int or float as a number (int64 beyond 2^53 loses precision: use readBigInt). */
export function readNumber(): number {
  const b = byte();
  if (b <= 0x7f) return b;
  if (b >= 0xe0) return b - 0x100;
  switch (b) {
    case 0xcc:
      return byte();
    case 0xcd:
      return u16();
    case 0xce:
      return u32();
    case 0xcf:
      need(8);
      return u64Number();
    case 0xd0:
      need(1);
      return i8(src, pos++);
    case 0xd1:
      need(2);
      pos += 2;
      return i16be(src, pos - 2);
    case 0xd2:
      need(4);
      pos += 4;
      return i32be(src, pos - 4);
    case 0xd3:
      need(8);
      return i64Number();
    case 0xca:
      need(4);
      pos += 4;
      return f32be(src, pos - 4);
    case 0xcb:
      need(8);
      pos += 8;
      return f64be(src, pos - 8);
    default:
      pos--;
      throw mismatch("a number", b);
  }
}

/** Any integer as an exact bigint. */
export function readBigInt(): bigint {
  const b = peek();
  if (b === 0xcf || b === 0xd3) {
    pos++;
    need(8);
    const hi = b === 0xcf ? u32be(src, pos) : i32be(src, pos);
    // Within ±2^53 a number is exact and BigInt(number) is the cheap path.
    if (hi < 0x200000 && hi >= -0x200000) return BigInt(b === 0xcf ? u64Number() : i64Number());
    pos += 8;
    return big64be(src, pos - 8, b === 0xd3);
  }
  const n = readNumber();
  if (!Number.isInteger(n)) throw new CodecError("TYPE", `expected an integer, got ${n}`);
  return BigInt(n);
}

function strLength(b: number): number {
  if (b >= 0xa0 && b <= 0xbf) return b & 0x1f;
  if (b === 0xd9) return byte();
  if (b === 0xda) return u16();
  if (b === 0xdb) return u32();
  pos--;
  throw mismatch("a string", b);
}

export function readString(): string {
  const len = strLength(byte());
  need(len);
  const at = pos;
  pos += len;
  if (len < CACHED_MAX_BYTES) {
    const ascii = cachedAscii(src, at, len);
    if (ascii !== undefined) return ascii;
  }
  return utf8(at, at + len);
}

/** Binary as a Uint8Array view into the body (no copy). */
export function readBytes(): Uint8Array {
  const b = byte();
  let len: number;
  if (b === 0xc4) len = byte();
  else if (b === 0xc5) len = u16();
  else if (b === 0xc6) len = u32();
  else {
    pos--;
    throw mismatch("binary", b);
  }
  need(len);
  pos += len;
  return new Uint8Array(src.buffer, src.byteOffset + pos - len, len);
}

/** The timestamp extension (type -1) in its 32, 64 or 96-bit form. */
export function readTimestamp(): Date {
  const b = byte();
  let len: number;
  if (b === 0xd6) len = 4;
  else if (b === 0xd7) len = 8;
  else if (b === 0xc7) len = byte();
  else {
    pos--;
    throw mismatch("a timestamp", b);
  }
  need(len + 1);
  const type = i8(src, pos++);
  if (type !== -1) throw new CodecError("TYPE", `expected a timestamp, got extension type ${type}`);
  const at = pos;
  pos += len;
  if (len === 4) return new Date(u32be(src, at) * 1000);
  if (len === 8) {
    const hi = u32be(src, at);
    const sec = (hi & 3) * TWO_32 + u32be(src, at + 4);
    return new Date(sec * 1000 + Math.floor(nanoseconds(hi >>> 2) / 1e6));
  }
  if (len === 12) {
    const sec = Number(big64be(src, at + 4, true));
    return new Date(sec * 1000 + Math.floor(nanoseconds(u32be(src, at)) / 1e6));
  }
  throw new CodecError("MALFORMED", `timestamp extension of ${len} bytes`);
}

/** The spec bounds the nanoseconds field to [0, 999999999]; a larger one is a malformed value, not a carry. */
function nanoseconds(nsec: number): number {
  if (nsec > 999_999_999) throw new CodecError("MALFORMED", `timestamp nanoseconds ${nsec} out of range (at most 999999999)`);
  return nsec;
}

/** An array's length; never more than the bytes left (each element takes one at least), so it is safe to allocate. */
export function readArrayHeader(): number {
  const b = byte();
  let n: number;
  if (b >= 0x90 && b <= 0x9f) n = b & 0x0f;
  else if (b === 0xdc) n = u16();
  else if (b === 0xdd) n = u32();
  else {
    pos--;
    throw mismatch("an array", b);
  }
  if (n > end - pos) throw truncated();
  return n;
}

/** A map's entry count, checked against the bytes left like readArrayHeader. */
export function readMapHeader(): number {
  const b = byte();
  let n: number;
  if (b >= 0x80 && b <= 0x8f) n = b & 0x0f;
  else if (b === 0xde) n = u16();
  else if (b === 0xdf) n = u32();
  else {
    pos--;
    throw mismatch("a map", b);
  }
  if (2 * n > end - pos) throw truncated();
  return n;
}

/** Moves past `n` bytes that must be there. */
export function advance(n: number): void {
  need(n);
  pos += n;
}

/** Bytes left in the body. */
export function remaining(): number {
  return end - pos;
}
