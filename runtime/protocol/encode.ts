/**
 * Frame encoding: one exact-size buffer holding prelude, header and body.
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
  const body = frame.body;
  const bodyLen = body === undefined ? 0 : body.byteLength;
  const buf = Buffer.allocUnsafe(PRELUDE_BYTES + headerLen + bodyLen);
  buf[0] = MAGIC_0;
  buf[1] = MAGIC_1;
  buf[2] = PROTOCOL_VERSION;
  buf[3] = frame.kind;
  buf[4] = frame.flags & 0xff;
  buf[5] = frame.serializer & 0xff;
  buf[6] = frame.compressor & 0xff;
  buf[7] = 0;
  buf.writeUInt32BE(frame.requestId >>> 0, 8);
  buf.writeUInt32BE(headerLen, 12);
  buf.writeUInt32BE(bodyLen, 16);
  const end = writeHeader(buf, PRELUDE_BYTES, frame.header);
  if (bodyLen !== 0) buf.set(body, end);
  return buf;
}
