/**
 * Shared, frozen "nothing here" values. Most frames carry no metadata, and a
 * response has an empty header: decoding them to these shared objects instead
 * of fresh ones saves two allocations per frame (a null-prototype object is a
 * slow-mode dictionary, the most expensive kind), and encoders skip them by
 * identity. Frozen, so a consumer that tries to edit one fails loudly.
 */
import type { FrameHeader } from "./types.js";

/** Empty metadata: null prototype like decoded metadata, frozen. */
export const EMPTY_METADATA: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

/**
 * Stands in for a metadata block over `maxMetadataBytes` or
 * `maxMetadataEntries`: the block is skipped unread (its TLV length keeps the
 * stream in step), so the receiver refuses that one call instead of closing
 * the connection every other call shares. Compared by identity.
 */
export const OVERSIZED_METADATA: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

/** The header of a frame with no header bytes. */
export const EMPTY_HEADER: FrameHeader = Object.freeze({
  service: "",
  method: "",
  timeoutMs: 0,
  metadata: EMPTY_METADATA,
  status: "",
  message: "",
});
