/**
 * The frame contract shared by the frame codec (this folder) and the transport.
 * The byte layout is documented in docs/protocol.md.
 */

/** Message kinds carried in the prelude. */
export const FrameKind = {
  REQUEST: 1,
  RESPONSE: 2,
  ONEWAY: 3,
  CANCEL: 4,
  PING: 5,
  PONG: 6,
  GOAWAY: 7,
} as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** Prelude flag bits. */
export const FrameFlag = {
  /** RESPONSE: the body is an error (status in the header), not a result. */
  ERROR: 0x01,
  /** RESPONSE error: the server never started processing the request. */
  NOT_PROCESSED: 0x02,
} as const;

/**
 * The variable header. Readable without decoding the body (by a proxy or sidecar).
 * Every field is optional on the wire; absent strings decode as "".
 */
export interface FrameHeader {
  /** REQUEST/ONEWAY: full service name. */
  service: string;
  /** REQUEST/ONEWAY: method name. */
  method: string;
  /** REQUEST/ONEWAY: remaining time in ms (0 = none; the runtime always sends one). */
  timeoutMs: number;
  /** Call metadata; RESPONSE may carry trailers. */
  metadata: Record<string, string>;
  /** RESPONSE with ERROR flag: the status code name, e.g. "NOT_FOUND". */
  status: string;
  /** RESPONSE with ERROR flag: a human-readable message. GOAWAY: the reason. */
  message: string;
}

export interface Frame {
  kind: FrameKind;
  flags: number;
  /** Serializer id of the body (see codec registry). */
  serializer: number;
  /** Compressor id of the body (0 = none). */
  compressor: number;
  /** Matches a response to its request; 0 for connection-level frames. */
  requestId: number;
  header: FrameHeader;
  /** Body bytes exactly as on the wire (still compressed). */
  body: Uint8Array;
}

/** Limits enforced on declared lengths before anything is buffered. */
export interface FrameLimits {
  /** Max header + body bytes of one frame. Default 4 MiB. */
  maxFrameBytes: number;
  /** Max encoded metadata bytes (keys + values). Default 8 KiB. */
  maxMetadataBytes: number;
  /** Max metadata entries. Default 100. */
  maxMetadataEntries: number;
}

/** Why a decoder gave up; the connection must then be closed. */
export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
  constructor(
    /** Stable reason: "BAD_MAGIC", "BAD_VERSION", "FRAME_TOO_LARGE", "MALFORMED" (metadata over its limits is not one: see OVERSIZED_METADATA). */
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** Incremental decoder: feed any split of the byte stream, get whole frames. */
export interface FrameDecoder {
  /** Feed bytes; calls `onFrame` for each complete frame. Throws ProtocolError on bad input (then stop feeding). */
  push(chunk: Uint8Array): void;
  /** Bytes buffered of an incomplete frame (0 between frames). */
  readonly pending: number;
}
