/**
 * Frame encoding: prelude, header and body back to back, either into one
 * exact-size buffer (encodeFrame) or into a caller's buffer (encodeFrameInto,
 * which the transport uses to batch a tick's frames without a buffer each).
 */
import { MAGIC_0, MAGIC_1, PRELUDE_BYTES, PROTOCOL_VERSION } from "./constants.js";
import { measureHeader, writeHeader } from "./header.js";
import type { Frame } from "./types.js";

/**
 * Encodes a frame as one contiguous buffer (prelude + header + body), ready for
 * `socket.write`. Limits are not checked here: the receiving side enforces them.
 */
export function encodeFrame(frame: Frame): Buffer {
  const headerLen = measureHeader(frame.header);
  const bodyLen = frame.body === undefined ? 0 : frame.body.byteLength;
  const buf = Buffer.allocUnsafe(PRELUDE_BYTES + headerLen + bodyLen);
  writeFrame(buf, 0, frame, headerLen, bodyLen);
  return buf;
}

/**
 * Bytes `frame` takes on the wire. Also primes the header writer, so call
 * {@link encodeFrameInto} for the same frame right after it (nothing else in between).
 */
export function measureFrame(frame: Frame): number {
  return PRELUDE_BYTES + measureHeader(frame.header) + (frame.body === undefined ? 0 : frame.body.byteLength);
}

/**
 * Writes the frame measured by the last {@link measureFrame} call at `offset`
 * of `buf` (which has room for it); returns the offset after the frame.
 */
export function encodeFrameInto(buf: Buffer, offset: number, frame: Frame, size: number): number {
  const bodyLen = frame.body === undefined ? 0 : frame.body.byteLength;
  return writeFrame(buf, offset, frame, size - PRELUDE_BYTES - bodyLen, bodyLen);
}

function writeFrame(buf: Buffer, at: number, frame: Frame, headerLen: number, bodyLen: number): number {
  buf[at] = MAGIC_0;
  buf[at + 1] = MAGIC_1;
  buf[at + 2] = PROTOCOL_VERSION;
  buf[at + 3] = frame.kind;
  buf[at + 4] = frame.flags & 0xff;
  buf[at + 5] = frame.serializer & 0xff;
  buf[at + 6] = frame.compressor & 0xff;
  buf[at + 7] = 0;
  buf.writeUInt32BE(frame.requestId >>> 0, at + 8);
  buf.writeUInt32BE(headerLen, at + 12);
  buf.writeUInt32BE(bodyLen, at + 16);
  const end = writeHeader(buf, at + PRELUDE_BYTES, frame.header);
  if (bodyLen !== 0) buf.set(frame.body, end);
  return end + bodyLen;
}
