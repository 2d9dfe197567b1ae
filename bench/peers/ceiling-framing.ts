/**
 * The ceiling's wire format: [u32 BE body length][u32 BE request id][msgpack body].
 * A frame reader that survives any split of the stream, and a writer that sends
 * everything queued in one tick with one socket.write.
 */
import type { Socket } from "node:net";
import { RESERVE_START_SPACE, type Packr } from "msgpackr";

/** Bytes before each body. */
export const PRELUDE = 8;

/** Batches at least this large are written vectored, not concatenated. */
const WRITEV_BYTES = 64 * 1024;

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
 * inside one chunk are passed as subarrays (no copy); a frame split across
 * chunks is gathered piece by piece and copied once, when complete.
 */
export class FrameReader {
  /** Pieces of the incomplete frame at the end of the last chunk. */
  #parts: Buffer[] = [];
  #have = 0;

  constructor(private readonly onFrame: (id: number, body: Buffer) => void) {}

  push(chunk: Buffer): void {
    let off = this.#have > 0 ? this.#complete(chunk) : 0;
    const end = chunk.length;
    while (end - off >= PRELUDE) {
      const len = chunk.readUInt32BE(off);
      if (end - off - PRELUDE < len) break;
      this.onFrame(chunk.readUInt32BE(off + 4), chunk.subarray(off + PRELUDE, off + PRELUDE + len));
      off += PRELUDE + len;
    }
    if (off < end) {
      this.#parts.push(chunk.subarray(off));
      this.#have += end - off;
    }
  }

  /** Feeds the start of `chunk` to the incomplete frame; returns where the rest of the chunk begins. */
  #complete(chunk: Buffer): number {
    let off = 0;
    if (this.#have < PRELUDE) {
      // Not even the length yet: take just enough bytes to read it.
      const take = Math.min(PRELUDE - this.#have, chunk.length);
      this.#parts.push(chunk.subarray(0, take));
      this.#have += take;
      off = take;
      if (this.#have < PRELUDE) return off;
      this.#parts = [Buffer.concat(this.#parts, this.#have)];
    }
    const total = PRELUDE + this.#parts[0]!.readUInt32BE(0);
    const take = Math.min(total - this.#have, chunk.length - off);
    this.#parts.push(chunk.subarray(off, off + take));
    this.#have += take;
    off += take;
    if (this.#have === total) {
      const frame = Buffer.concat(this.#parts, total);
      this.#parts = [];
      this.#have = 0;
      this.onFrame(frame.readUInt32BE(4), frame.subarray(PRELUDE));
    }
    return off;
  }
}

/**
 * Queues frames and flushes them once per tick: one Buffer.concat and one
 * socket.write for everything queued since the last flush; a large batch goes
 * out as one writev of its frames instead (copying 64 KiB costs more than the
 * vectored write saves).
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
    const bytes = this.#bytes;
    this.#parts = [];
    this.#bytes = 0;
    // msgpackr never rewrites bytes it returned, so frames can go out uncopied.
    if (parts.length === 1) {
      this.socket.write(parts[0]!);
    } else if (bytes < WRITEV_BYTES) {
      this.socket.write(Buffer.concat(parts, bytes));
    } else {
      this.socket.cork();
      for (const part of parts) this.socket.write(part);
      this.socket.uncork();
    }
  }
}
