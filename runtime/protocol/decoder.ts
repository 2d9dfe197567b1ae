/**
 * Incremental frame decoder: survives any split of the byte stream.
 *
 * A frame that sits whole inside one pushed chunk is decoded in place (its body
 * is a view into that chunk, no copy). Only a frame split across chunks is
 * buffered, as views of the received pieces joined once when the last byte
 * arrives. Declared lengths are checked against the limits as soon as the
 * prelude is known, before anything of the frame is kept.
 */
import { MAGIC_0, MAGIC_1, PRELUDE_BYTES, PROTOCOL_VERSION } from "./constants.js";
import { EMPTY_HEADER } from "./empty.js";
import { decodeHeader } from "./header.js";
import { FrameKind, ProtocolError } from "./types.js";
import type { Frame, FrameDecoder, FrameHeader, FrameLimits } from "./types.js";

const MAX_KIND = FrameKind.GOAWAY;

function readU32(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** A fresh, editable empty header (a frame without header bytes decodes to the shared, frozen EMPTY_HEADER). */
export function emptyHeader(): FrameHeader {
  return { service: "", method: "", timeoutMs: 0, metadata: Object.create(null) as Record<string, string>, status: "", message: "" };
}

/** Checks magic and version on the first `count` (< 3 allowed) bytes, so garbage fails on its first bytes. */
function checkStart(b: Uint8Array, start: number, count: number): void {
  if (count > 0 && b[start] !== MAGIC_0) throw badMagic(b[start]!);
  if (count > 1 && b[start + 1] !== MAGIC_1) throw badMagic(b[start + 1]!);
  if (count > 2 && b[start + 2] !== PROTOCOL_VERSION) {
    throw new ProtocolError(
      "BAD_VERSION",
      `peer speaks protocol version ${b[start + 2]}, this side speaks ${PROTOCOL_VERSION}; upgrade the older side`,
    );
  }
}

function badMagic(byte: number): ProtocolError {
  return new ProtocolError(
    "BAD_MAGIC",
    `stream does not start with the rpcgen magic "RG" (got byte 0x${byte.toString(16).padStart(2, "0")}); is the peer speaking rpcgen?`,
  );
}

class Decoder implements FrameDecoder {
  /** Pieces of the incomplete frame (views into pushed chunks). */
  #parts: Buffer[] = [];
  #pendingLen = 0;
  /** Total size of the incomplete frame, -1 while its prelude is incomplete. */
  #total = -1;
  #failed = false;

  constructor(
    private readonly limits: FrameLimits,
    private readonly onFrame: (frame: Frame) => void,
  ) {}

  get pending(): number {
    return this.#pendingLen;
  }

  push(chunk: Uint8Array): void {
    if (this.#failed) throw new ProtocolError("MALFORMED", "the frame decoder already failed; close the connection");
    try {
      this.#pushChunk(toBuffer(chunk));
    } catch (err) {
      // After any throw the stream position is lost: refuse further input.
      this.#failed = true;
      this.#parts = [];
      this.#pendingLen = 0;
      throw err;
    }
  }

  #pushChunk(buf: Buffer): void {
    const end = buf.length;
    let off = 0;
    while (off < end) {
      if (this.#pendingLen > 0) {
        off = this.#continuePartial(buf, off);
        continue;
      }
      const avail = end - off;
      if (avail < PRELUDE_BYTES) {
        checkStart(buf, off, avail);
        this.#parts.push(buf.subarray(off, end));
        this.#pendingLen = avail;
        return;
      }
      const total = this.#checkPrelude(buf, off);
      if (avail >= total) {
        this.#emit(buf, off);
        off += total;
      } else {
        this.#parts.push(buf.subarray(off, end));
        this.#pendingLen = avail;
        this.#total = total;
        return;
      }
    }
  }

  /** Adds bytes to the incomplete frame; returns the new offset in `buf`. */
  #continuePartial(buf: Buffer, off: number): number {
    const end = buf.length;
    if (this.#total < 0) {
      // The prelude itself is split: join the few bytes we have with enough new ones.
      const need = Math.min(PRELUDE_BYTES - this.#pendingLen, end - off);
      this.#parts.push(buf.subarray(off, off + need));
      this.#pendingLen += need;
      off += need;
      const head = this.#parts.length === 1 ? this.#parts[0]! : Buffer.concat(this.#parts, this.#pendingLen);
      this.#parts = [head];
      checkStart(head, 0, Math.min(this.#pendingLen, 3));
      if (this.#pendingLen < PRELUDE_BYTES) return off;
      this.#total = this.#checkPrelude(head, 0);
    }
    const take = Math.min(this.#total - this.#pendingLen, end - off);
    if (take > 0) {
      this.#parts.push(buf.subarray(off, off + take));
      this.#pendingLen += take;
      off += take;
    }
    if (this.#pendingLen === this.#total) {
      const frame = this.#parts.length === 1 ? this.#parts[0]! : Buffer.concat(this.#parts, this.#total);
      this.#parts = [];
      this.#pendingLen = 0;
      this.#total = -1;
      this.#emit(frame, 0);
    }
    return off;
  }

  /** Validates a complete prelude at `off`; returns the frame's total size. */
  #checkPrelude(b: Buffer, off: number): number {
    checkStart(b, off, 3);
    const kind = b[off + 3]!;
    if (kind < 1 || kind > MAX_KIND) throw new ProtocolError("MALFORMED", `unknown frame kind ${kind}; closing the connection`);
    const headerLen = readU32(b, off + 12);
    const bodyLen = readU32(b, off + 16);
    const max = this.limits.maxFrameBytes;
    if (headerLen + bodyLen > max) {
      throw new ProtocolError(
        "FRAME_TOO_LARGE",
        `frame declares ${headerLen + bodyLen} bytes (header ${headerLen} + body ${bodyLen}), the limit is ${max}; send smaller messages or raise maxFrameBytes`,
      );
    }
    return PRELUDE_BYTES + headerLen + bodyLen;
  }

  /** Decodes the complete frame starting at `off` and hands it over. */
  #emit(b: Buffer, off: number): void {
    const headerLen = readU32(b, off + 12);
    const bodyLen = readU32(b, off + 16);
    const hStart = off + PRELUDE_BYTES;
    const bStart = hStart + headerLen;
    const header = headerLen === 0 ? EMPTY_HEADER : decodeHeader(b, hStart, bStart, this.limits);
    this.onFrame({
      kind: b[off + 3] as FrameKind,
      flags: b[off + 4]!,
      serializer: b[off + 5]!,
      compressor: b[off + 6]!,
      requestId: readU32(b, off + 8),
      header,
      // A plain view, cheaper to make than a Buffer subarray; readers take any Uint8Array.
      body: new Uint8Array(b.buffer, b.byteOffset + bStart, bodyLen),
    });
  }
}

/**
 * Creates an incremental decoder. `onFrame` runs synchronously for each complete
 * frame; a frame's body may be a view into a pushed chunk, so do not reuse a
 * chunk's memory after pushing it. `push` throws a ProtocolError (reason
 * BAD_MAGIC, BAD_VERSION, FRAME_TOO_LARGE or MALFORMED) on
 * bad input; after any throw (also one from `onFrame`) the decoder refuses more
 * input and the connection must be closed.
 */
export function createFrameDecoder(limits: FrameLimits, onFrame: (frame: Frame) => void): FrameDecoder {
  return new Decoder(limits, onFrame);
}
