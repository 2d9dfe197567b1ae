/** A raw TCP peer speaking frames by hand: for limits, garbage and oneway tests. */
import { connect, type Socket } from "node:net";
import { createFrameDecoder, DEFAULT_FRAME_LIMITS, encodeFrame } from "../../runtime/protocol/index.js";
import { FrameKind, type Frame, type FrameHeader } from "../../runtime/protocol/types.js";

export interface RawPeer {
  readonly socket: Socket;
  /** Total bytes received. */
  bytes: number;
  /** Frames decoded from what was received. */
  readonly frames: Frame[];
  /** Resolves when the server closes (or resets) the connection. */
  readonly closed: Promise<void>;
  isClosed: boolean;
  send(frame: Frame | Uint8Array): void;
}

export function header(fields: Partial<FrameHeader> = {}): FrameHeader {
  return { service: "", method: "", timeoutMs: 0, metadata: {}, status: "", message: "", ...fields };
}

export function frame(fields: Partial<Frame> & { kind: Frame["kind"] }): Frame {
  return {
    flags: 0,
    serializer: 1,
    compressor: 0,
    requestId: 1,
    header: header(),
    body: new Uint8Array(0),
    ...fields,
  };
}

export async function openRaw(port: number): Promise<RawPeer> {
  const socket = connect({ host: "127.0.0.1", port });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  const frames: Frame[] = [];
  const decoder = createFrameDecoder({ ...DEFAULT_FRAME_LIMITS, maxFrameBytes: 64 * 1024 * 1024 }, (f) => frames.push(f));
  const peer: RawPeer = {
    socket,
    bytes: 0,
    frames,
    isClosed: false,
    closed: new Promise((resolve) => socket.once("close", () => {
      peer.isClosed = true;
      resolve();
    })),
    send(f) {
      socket.write(f instanceof Uint8Array ? f : encodeFrame(f));
    },
  };
  socket.on("error", () => {});
  socket.on("data", (chunk: Buffer) => {
    peer.bytes += chunk.length;
    decoder.push(chunk);
  });
  return peer;
}

export const Kind = FrameKind;
