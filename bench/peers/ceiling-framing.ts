/**
 * The ceiling's wire format: [u32 BE body length][u32 BE request id][msgpack body].
 * A frame reader that survives any split of the stream, and a writer that sends
 * everything queued in one tick with one socket.write.
 */
import type { Socket } from "node:net";
import { RESERVE_START_SPACE, type Packr } from "msgpackr";

/** Bytes before each body. */
export const PRELUDE = 8;

/**
 * Packs `value` into a whole frame: msgpackr reserves the prelude's 8 bytes in
 * front of the body in its own buffer, so a frame costs one allocation-free
 * pack and two integer writes.
 */
export function packFrame(packr: Packr, id: number, value: unknown): Buffer {
  const frame = packr.pack(value, RESERVE_START_SPACE | PRELUDE);
  frame.writeUInt32BE(frame.length - PRELUDE, 0);
  frame.writeUInt32BE(id, 4);
  return frame;
}

/**
 * Parses frames out of a byte stream and calls `onFrame` for each. Whole frames
 * inside one chunk are passed as subarrays (no copy); only a partial tail is kept.
 */
export class FrameReader {
  #tail: Buffer | undefined;

  constructor(private readonly onFrame: (id: number, body: Buffer) => void) {}

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.#tail !== undefined) {
      buf = Buffer.concat([this.#tail, chunk]);
      this.#tail = undefined;
    }
    let off = 0;
    const end = buf.length;
    while (end - off >= PRELUDE) {
      const len = buf.readUInt32BE(off);
      if (end - off - PRELUDE < len) break;
      const id = buf.readUInt32BE(off + 4);
      this.onFrame(id, buf.subarray(off + PRELUDE, off + PRELUDE + len));
      off += PRELUDE + len;
    }
    if (off < end) this.#tail = buf.subarray(off);
  }
}

/**
 * Queues frames and flushes them once per tick: one Buffer.concat and one
 * socket.write for everything queued since the last flush.
 */
export class BatchWriter {
  #parts: Buffer[] = [];
  #bytes = 0;
  #scheduled = false;
  readonly #flush = (): void => this.flush();

  constructor(private readonly socket: Socket) {}

  /** Queues one whole frame (prelude included). */
  write(frame: Buffer): void {
    this.#parts.push(frame);
    this.#bytes += frame.length;
    if (!this.#scheduled) {
      this.#scheduled = true;
      process.nextTick(this.#flush);
    }
  }

  flush(): void {
    this.#scheduled = false;
    const parts = this.#parts;
    if (parts.length === 0) return;
    // msgpackr never rewrites bytes it returned, so a lone frame goes out uncopied.
    const out = parts.length === 1 ? parts[0]! : Buffer.concat(parts, this.#bytes);
    this.#parts = [];
    this.#bytes = 0;
    this.socket.write(out);
  }
}
