/**
 * The frame layer: byte layout, encoder and incremental decoder with limits.
 * Imports nothing else of the runtime. Layout: docs/protocol.md.
 */
export { FrameKind, FrameFlag, ProtocolError } from "./types.js";
export type { Frame, FrameHeader, FrameLimits, FrameDecoder } from "./types.js";
export { DEFAULT_FRAME_LIMITS, PRELUDE_BYTES, PROTOCOL_VERSION, MAX_WIRE_TIMEOUT_MS, HeaderTag } from "./constants.js";
export { encodeFrame, encodeFrameInto, measureFrame } from "./encode.js";
export { measureHeader, metadataOverLimit } from "./header.js";
export { createFrameDecoder, emptyHeader } from "./decoder.js";
export { EMPTY_HEADER, EMPTY_METADATA, OVERSIZED_METADATA } from "./empty.js";
