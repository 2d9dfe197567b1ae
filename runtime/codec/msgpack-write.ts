/**
 * A minimal MessagePack writer for the schema-compiled encoder: only the
 * formats typed values need, always the shortest encoding (except struct map
 * headers, see reserveMap). Module state, written by one value at a time; an
 * encode started while another runs (a getter that encodes) is nested safely.
 *
 * Output goes into a shared chunk; each result is a view of its own region,
 * never overwritten (a full chunk is replaced, not reused), so no copy is made.
 * A chunk that had to grow past CHUNK for a large value is left to that value's
 * view, so later small views never pin a multi-MiB arena.
 */
import { CodecError } from "./errors.js";

const CHUNK = 64 * 1024;
let buf = Buffer.allocUnsafeSlow(CHUNK);
let arena = buf.buffer;
let view = new DataView(arena, buf.byteOffset, buf.byteLength);
/** Start of the outermost value being written. */
let start = 0;
/** Next byte to write. */
let pos = 0;
/** Values being written: more than 1 while a getter encodes inside an encode. */
let active = 0;

const TWO_32 = 2 ** 32;

function grow(n: number): void {
  const used = pos - start;
  const nb = Buffer.allocUnsafeSlow(Math.max(CHUNK, (used + n) * 2));
  buf.copy(nb, 0, start, pos);
  buf = nb;
  arena = buf.buffer;
  view = new DataView(arena, buf.byteOffset, buf.byteLength);
  start = 0;
  pos = used;
}

function ensure(n: number): void {
  if (pos + n > buf.length) grow(n);
}

/**
 * Starts a value; pass the result to finish or abort. A nested value (begun
 * while another is being written) goes after the outer one's bytes: its mark
 * is its offset from `start` (a grow() moves the buffer, offsets stay valid).
 */
export function begin(): number {
  if (active > 0) {
    active++;
    return pos - start;
  }
  pos = start;
  if (buf.length - pos < 256) grow(256);
  active = 1;
  return -1;
}

/** Ends the value begun with `mark` and returns its bytes (a plain view: cheaper to make than a Buffer). */
export function finish(mark: number): Uint8Array {
  active--;
  if (mark >= 0) {
    // Nested: the outer value writes over this region next, so hand out a copy.
    const at = start + mark;
    const out = new Uint8Array(buf.subarray(at, pos));
    pos = at;
    return out;
  }
  const out = new Uint8Array(arena, buf.byteOffset + start, pos - start);
  start = pos;
  releaseGrown();
  return out;
}

/** Drops the value begun with `mark` after an error, so the writer (and any outer value) carries on intact. */
export function abort(mark: number): void {
  active--;
  if (mark >= 0) pos = start + mark;
  else {
    pos = start;
    releaseGrown();
  }
}

/** A chunk grown past CHUNK for a large value is left to that value's view; the next begin() takes a fresh CHUNK. */
function releaseGrown(): void {
  if (buf.length > CHUNK) start = pos = buf.length;
}

export function writeBool(v: boolean): void {
  ensure(1);
  buf[pos++] = v ? 0xc3 : 0xc2;
}

/** A number: the shortest int format for integers (to 2^53), float64 otherwise (and for -0). */
export function writeNumber(v: number): void {
  ensure(9);
  if (Number.isInteger(v) && !(v === 0 && 1 / v < 0)) {
    if (v >= 0) {
      if (v < 0x80) buf[pos++] = v;
      else if (v < 0x100) {
        buf[pos++] = 0xcc;
        buf[pos++] = v;
      } else if (v < 0x10000) {
        buf[pos++] = 0xcd;
        buf[pos++] = v >>> 8;
        buf[pos++] = v & 0xff;
      } else if (v < TWO_32) {
        buf[pos++] = 0xce;
        view.setUint32(pos, v);
        pos += 4;
      } else if (v <= Number.MAX_SAFE_INTEGER) {
        buf[pos++] = 0xcf;
        view.setUint32(pos, Math.floor(v / TWO_32));
        view.setUint32(pos + 4, v >>> 0);
        pos += 8;
      } else {
        writeFloat(v);
      }
    } else {
      if (v >= -32) buf[pos++] = v & 0xff;
      else if (v >= -0x80) {
        buf[pos++] = 0xd0;
        buf[pos++] = v & 0xff;
      } else if (v >= -0x8000) {
        buf[pos++] = 0xd1;
        view.setInt16(pos, v);
        pos += 2;
      } else if (v >= -0x80000000) {
        buf[pos++] = 0xd2;
        view.setInt32(pos, v);
        pos += 4;
      } else if (v >= Number.MIN_SAFE_INTEGER) {
        buf[pos++] = 0xd3;
        view.setBigInt64(pos, BigInt(v));
        pos += 8;
      } else {
        writeFloat(v);
      }
    }
  } else {
    writeFloat(v);
  }
}

function writeFloat(v: number): void {
  buf[pos++] = 0xcb;
  view.setFloat64(pos, v);
  pos += 8;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** An int64: compact int formats when it fits 2^53, int64/uint64 otherwise. */
export function writeBigInt(v: bigint): void {
  // Number(v) is exact exactly when |v| < 2^53 (beyond, it rounds to >= 2^53): cheaper than bigint compares.
  const n = Number(v);
  if (Number.isSafeInteger(n)) return writeNumber(n);
  ensure(9);
  if (v < 0n) {
    if (v < INT64_MIN) throw new CodecError("TYPE", `int64 out of range: ${v}`);
    buf[pos++] = 0xd3;
    view.setBigInt64(pos, v);
  } else {
    if (v > INT64_MAX) throw new CodecError("TYPE", `int64 out of range: ${v}`);
    buf[pos++] = 0xcf;
    view.setBigUint64(pos, v);
  }
  pos += 8;
}

function writeStrHeader(len: number): void {
  if (len < 32) buf[pos++] = 0xa0 | len;
  else if (len < 0x100) {
    buf[pos++] = 0xd9;
    buf[pos++] = len;
  } else if (len < 0x10000) {
    buf[pos++] = 0xda;
    buf[pos++] = len >>> 8;
    buf[pos++] = len & 0xff;
  } else {
    buf[pos++] = 0xdb;
    view.setUint32(pos, len);
    pos += 4;
  }
}

/** A UTF-8 string; short ASCII strings are copied by hand (cheaper than the native call). */
export function writeString(s: string): void {
  const n = s.length;
  if (n < 32) {
    ensure(n + 1);
    const at = pos + 1;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buf[at + i] = c;
    }
    if (i === n) {
      buf[pos] = 0xa0 | n;
      pos = at + n;
      return;
    }
  }
  const bytes = Buffer.byteLength(s, "utf8");
  ensure(bytes + 5);
  writeStrHeader(bytes);
  pos += buf.write(s, pos, bytes, "utf8");
}

export function writeBytes(b: Uint8Array): void {
  const len = b.byteLength;
  ensure(len + 5);
  if (len < 0x100) {
    buf[pos++] = 0xc4;
    buf[pos++] = len;
  } else if (len < 0x10000) {
    buf[pos++] = 0xc5;
    buf[pos++] = len >>> 8;
    buf[pos++] = len & 0xff;
  } else {
    buf[pos++] = 0xc6;
    view.setUint32(pos, len);
    pos += 4;
  }
  buf.set(b, pos);
  pos += len;
}

/** A Date as the MessagePack timestamp extension (type -1): 32, 64 or 96-bit form, millisecond precision. */
export function writeTimestamp(d: Date): void {
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new CodecError("TYPE", "cannot encode an invalid Date");
  ensure(15);
  const sec = Math.floor(ms / 1000);
  const nsec = (ms - sec * 1000) * 1e6;
  if (sec >= 0 && sec < 2 ** 34) {
    if (nsec === 0 && sec < TWO_32) {
      buf[pos++] = 0xd6;
      buf[pos++] = 0xff;
      view.setUint32(pos, sec);
      pos += 4;
    } else {
      buf[pos++] = 0xd7;
      buf[pos++] = 0xff;
      view.setUint32(pos, nsec * 4 + Math.floor(sec / TWO_32));
      view.setUint32(pos + 4, sec >>> 0);
      pos += 8;
    }
  } else {
    buf[pos++] = 0xc7;
    buf[pos++] = 12;
    buf[pos++] = 0xff;
    view.setUint32(pos, nsec);
    view.setBigInt64(pos + 4, BigInt(sec));
    pos += 12;
  }
}

export function writeArrayHeader(n: number): void {
  ensure(5);
  if (n < 16) buf[pos++] = 0x90 | n;
  else if (n < 0x10000) {
    buf[pos++] = 0xdc;
    buf[pos++] = n >>> 8;
    buf[pos++] = n & 0xff;
  } else {
    buf[pos++] = 0xdd;
    view.setUint32(pos, n);
    pos += 4;
  }
}

export function writeMapHeader(n: number): void {
  ensure(5);
  if (n < 16) buf[pos++] = 0x80 | n;
  else if (n < 0x10000) {
    buf[pos++] = 0xde;
    buf[pos++] = n >>> 8;
    buf[pos++] = n & 0xff;
  } else {
    buf[pos++] = 0xdf;
    view.setUint32(pos, n);
    pos += 4;
  }
}

/**
 * Reserves a map header whose entry count is known only after the entries are
 * written: a fixmap when at most 15 entries are possible, else a map16 (valid
 * MessagePack, if not the shortest form). Returns the mark for patchMap.
 */
export function reserveMap(maxEntries: number): number {
  ensure(3);
  const mark = pos - start;
  pos += maxEntries < 16 ? 1 : 3;
  return mark;
}

export function patchMap(mark: number, maxEntries: number, count: number): void {
  // Offsets are relative to start: a grow() during the entries moves the buffer.
  const at = start + mark;
  if (maxEntries < 16) buf[at] = 0x80 | count;
  else {
    buf[at] = 0xde;
    buf[at + 1] = count >>> 8;
    buf[at + 2] = count & 0xff;
  }
}

/** One raw byte (a field ID below 128 is its own encoding). */
export function writeByte(b: number): void {
  ensure(1);
  buf[pos++] = b;
}

/** Raw bytes prepared once (field ID keys). */
export function writeRaw(bytes: Uint8Array): void {
  ensure(bytes.length);
  for (let i = 0; i < bytes.length; i++) buf[pos++] = bytes[i]!;
}
