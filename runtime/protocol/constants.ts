/**
 * Fixed numbers of the frame layout (docs/protocol.md, "Prelude" and "Header").
 */
import type { FrameLimits } from "./types.js";

/** First two bytes of every frame: "RG". */
export const MAGIC_0 = 0x52;
export const MAGIC_1 = 0x47;
/** The only protocol version this code speaks. */
export const PROTOCOL_VERSION = 1;
/** Size of the fixed prelude that starts every frame. */
export const PRELUDE_BYTES = 20;

/** Tags of the header TLVs. Unknown tags are skipped by readers (forward compatibility). */
export const HeaderTag = {
  SERVICE: 1,
  METHOD: 2,
  TIMEOUT_MS: 3,
  STATUS: 4,
  MESSAGE: 5,
  METADATA: 6,
} as const;

/** Largest timeout the header can carry (u32); larger values are clamped to it (~49.7 days). */
export const MAX_WIRE_TIMEOUT_MS = 0xffffffff;

/** Defaults from the runtime contract: 4 MiB frames, 8 KiB / 100 entries of metadata. */
export const DEFAULT_FRAME_LIMITS: FrameLimits = Object.freeze({
  maxFrameBytes: 4 * 1024 * 1024,
  maxMetadataBytes: 8 * 1024,
  maxMetadataEntries: 100,
});
