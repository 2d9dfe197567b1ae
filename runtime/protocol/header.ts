/**
 * The variable header: a sequence of TLVs `(tag u8, length uvarint, value)`,
 * readable by any language without MessagePack. Absent fields are simply not
 * written, so a ping's header is empty. See docs/protocol.md, "Header".
 *
 * Encoding is split in two passes (measure, then write) so that encodeFrame can
 * allocate one exact buffer; the measured lengths live in module scratch state,
 * which is safe because both passes run synchronously back to back.
 */
import { HeaderTag, MAX_WIRE_TIMEOUT_MS } from "./constants.js";
import { EMPTY_METADATA, OVERSIZED_METADATA } from "./empty.js";
import { internedString } from "./intern.js";
import { ProtocolError } from "./types.js";
import type { FrameHeader, FrameLimits } from "./types.js";

/** Bytes needed for an unsigned LEB128 varint of `n` (0 <= n < 2^32). */
export function varintSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

/** Writes `n` (0 <= n < 2^32) as an unsigned LEB128 varint; returns the next offset. */
export function writeVarint(buf: Uint8Array, offset: number, n: number): number {
  while (n >= 0x80) {
    buf[offset++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  buf[offset++] = n;
  return offset;
}

function utf8Length(s: string): number {
  return s.length === 0 ? 0 : Buffer.byteLength(s, "utf8");
}

/** Writes `s` whose UTF-8 length is `len`; short ASCII strings avoid the native call. */
function writeString(buf: Buffer, offset: number, s: string, len: number): number {
  if (len === s.length && len < 48) {
    for (let i = 0; i < len; i++) buf[offset + i] = s.charCodeAt(i);
  } else {
    buf.write(s, offset, len, "utf8");
  }
  return offset + len;
}

// Scratch state filled by measureHeader, read by writeHeader.
let serviceLen = 0;
let methodLen = 0;
let statusLen = 0;
let messageLen = 0;
let timeout = 0;
const NO_KEYS: string[] = [];
let metaKeys: string[] = NO_KEYS;
const metaLens: number[] = [];
let metaBlockLen = 0;

function tlvSize(len: number): number {
  return len === 0 ? 0 : 1 + varintSize(len) + len;
}

/** Remaining ms as carried on the wire: rounded up (so 0.4 ms is not "none"), clamped to u32; <= 0 means none. */
function wireTimeout(ms: number): number {
  if (!(ms > 0)) return 0;
  return ms >= MAX_WIRE_TIMEOUT_MS ? MAX_WIRE_TIMEOUT_MS : Math.ceil(ms);
}

/**
 * Size in bytes of `h` once encoded (what the prelude's header length will say).
 * Also primes writeHeader for the same header (encodeFrame's use); calling it
 * alone, e.g. to check a frame against a limit before encoding, is harmless.
 */
export function measureHeader(h: FrameHeader): number {
  serviceLen = utf8Length(h.service);
  methodLen = utf8Length(h.method);
  statusLen = utf8Length(h.status);
  messageLen = utf8Length(h.message);
  timeout = wireTimeout(h.timeoutMs);
  let size = tlvSize(serviceLen) + tlvSize(methodLen) + tlvSize(statusLen) + tlvSize(messageLen);
  if (timeout !== 0) size += 6;
  metaBlockLen = 0;
  // The shared empty metadata is recognised by identity: no keys array per frame.
  metaKeys = h.metadata === undefined || h.metadata === EMPTY_METADATA ? NO_KEYS : Object.keys(h.metadata);
  if (metaKeys.length !== 0) {
    const md = h.metadata;
    let block = varintSize(metaKeys.length);
    for (let i = 0; i < metaKeys.length; i++) {
      const k = metaKeys[i]!;
      const v = md[k];
      const kl = utf8Length(k);
      const vl = typeof v === "string" ? utf8Length(v) : 0;
      metaLens[2 * i] = kl;
      metaLens[2 * i + 1] = vl;
      block += varintSize(kl) + kl + varintSize(vl) + vl;
    }
    metaBlockLen = block;
    size += 1 + varintSize(block) + block;
  }
  return size;
}

function writeStringTlv(buf: Buffer, offset: number, tag: number, s: string, len: number): number {
  if (len === 0) return offset;
  buf[offset++] = tag;
  offset = writeVarint(buf, offset, len);
  return writeString(buf, offset, s, len);
}

/** Writes the header measured by the last measureHeader call; returns the next offset. */
export function writeHeader(buf: Buffer, offset: number, h: FrameHeader): number {
  offset = writeStringTlv(buf, offset, HeaderTag.SERVICE, h.service, serviceLen);
  offset = writeStringTlv(buf, offset, HeaderTag.METHOD, h.method, methodLen);
  if (timeout !== 0) {
    buf[offset] = HeaderTag.TIMEOUT_MS;
    buf[offset + 1] = 4;
    buf.writeUInt32BE(timeout, offset + 2);
    offset += 6;
  }
  offset = writeStringTlv(buf, offset, HeaderTag.STATUS, h.status, statusLen);
  offset = writeStringTlv(buf, offset, HeaderTag.MESSAGE, h.message, messageLen);
  if (metaKeys.length !== 0) {
    buf[offset++] = HeaderTag.METADATA;
    offset = writeVarint(buf, offset, metaBlockLen);
    offset = writeVarint(buf, offset, metaKeys.length);
    const md = h.metadata;
    for (let i = 0; i < metaKeys.length; i++) {
      const k = metaKeys[i]!;
      const v = md[k];
      const kl = metaLens[2 * i]!;
      const vl = metaLens[2 * i + 1]!;
      offset = writeVarint(buf, offset, kl);
      offset = writeString(buf, offset, k, kl);
      offset = writeVarint(buf, offset, vl);
      if (vl !== 0) offset = writeString(buf, offset, v as string, vl);
    }
  }
  return offset;
}

function malformed(what: string): ProtocolError {
  return new ProtocolError("MALFORMED", `malformed frame header: ${what}; closing the connection`);
}

// Cursor of readVarint (module state: decoding is synchronous).
let cursor = 0;

/** Reads an unsigned varint at `cursor`, at most 5 bytes, not past `end`. */
function readVarint(buf: Uint8Array, end: number): number {
  let result = 0;
  let shift = 0;
  for (let i = 0; i < 5; i++) {
    if (cursor >= end) throw malformed("truncated varint");
    const b = buf[cursor++]!;
    result += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return result;
    shift += 7;
  }
  throw malformed("varint longer than 5 bytes");
}

/**
 * Decodes header bytes `buf[start, end)`. Metadata limits are checked entry by
 * entry while reading, before any string is created.
 */
export function decodeHeader(buf: Buffer, start: number, end: number, limits: FrameLimits): FrameHeader {
  const header: FrameHeader = {
    service: "",
    method: "",
    timeoutMs: 0,
    // Shared and frozen until a metadata block appears (most frames have none).
    metadata: EMPTY_METADATA,
    status: "",
    message: "",
  };
  let sawMetadata = false;
  cursor = start;
  while (cursor < end) {
    const tag = buf[cursor++]!;
    const len = readVarint(buf, end);
    const valueStart = cursor;
    const valueEnd = valueStart + len;
    if (valueEnd > end) throw malformed(`field ${tag} runs past the header`);
    switch (tag) {
      case HeaderTag.SERVICE:
        header.service = internedString(buf, valueStart, valueEnd);
        break;
      case HeaderTag.METHOD:
        header.method = internedString(buf, valueStart, valueEnd);
        break;
      case HeaderTag.TIMEOUT_MS:
        if (len !== 4) throw malformed("timeout is not 4 bytes");
        header.timeoutMs = buf.readUInt32BE(valueStart);
        break;
      case HeaderTag.STATUS:
        header.status = buf.toString("utf8", valueStart, valueEnd);
        break;
      case HeaderTag.MESSAGE:
        header.message = buf.toString("utf8", valueStart, valueEnd);
        break;
      case HeaderTag.METADATA:
        if (sawMetadata) throw malformed("metadata block appears twice");
        sawMetadata = true;
        // Null prototype: a "__proto__" key is an ordinary entry, never a prototype.
        header.metadata = Object.create(null) as Record<string, string>;
        if (!readMetadata(buf, valueEnd, limits, header.metadata)) header.metadata = OVERSIZED_METADATA;
        break;
      default:
        // Unknown tag from a newer peer: skip its value.
        break;
    }
    cursor = valueEnd;
  }
  return header;
}

/**
 * Reads a metadata block into `out`; returns false, leaving the rest of the
 * block unread, as soon as it is over a limit (the caller skips to its end).
 */
function readMetadata(buf: Buffer, end: number, limits: FrameLimits, out: Record<string, string>): boolean {
  const count = readVarint(buf, end);
  if (count > limits.maxMetadataEntries) return false;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const kl = readVarint(buf, end);
    const kStart = cursor;
    if (kStart + kl > end) throw malformed("metadata key runs past its block");
    cursor += kl;
    const vl = readVarint(buf, end);
    const vStart = cursor;
    if (vStart + vl > end) throw malformed("metadata value runs past its block");
    cursor += vl;
    bytes += kl + vl;
    if (bytes > limits.maxMetadataBytes) return false;
    out[buf.toString("utf8", kStart, kStart + kl)] = buf.toString("utf8", vStart, vStart + vl);
  }
  if (cursor !== end) throw malformed("trailing bytes after the metadata entries");
  return true;
}

/**
 * Why `metadata` would be refused by a peer with `limits` (entry count, then
 * key + value UTF-8 bytes), or undefined when it fits: a sender checks before
 * sending, so one call fails instead of the peer refusing it.
 */
export function metadataOverLimit(metadata: Readonly<Record<string, string>>, limits: FrameLimits): string | undefined {
  const keys = Object.keys(metadata);
  if (keys.length > limits.maxMetadataEntries) {
    return `metadata has ${keys.length} entries, the limit is ${limits.maxMetadataEntries}; send fewer entries or raise maxMetadataEntries on both sides`;
  }
  let bytes = 0;
  for (let i = 0; i < keys.length; i++) {
    const v = metadata[keys[i]!];
    bytes += utf8Length(keys[i]!) + (typeof v === "string" ? utf8Length(v) : 0);
  }
  if (bytes > limits.maxMetadataBytes) {
    return `metadata is ${bytes} bytes, the limit is ${limits.maxMetadataBytes}; send less metadata or raise maxMetadataBytes on both sides`;
  }
  return undefined;
}
