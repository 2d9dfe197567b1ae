/**
 * The frames one connection queues during a tick, ready to leave in one
 * socket write.
 *
 * Small frames are encoded straight into a scratch buffer, back to back: no
 * buffer per frame and no concatenation at flush. The scratch is written as
 * is and reused for the next batch when the socket took every byte at once
 * (nothing of it is retained then); otherwise the socket keeps it and the next
 * batch starts a new one. Large bodies are not copied: their frame's prelude
 * and header go into the scratch and the body is queued as its own segment.
 */
import type { Socket } from "node:net";
import { encodeFrameInto, measureFrame } from "../protocol/index.js";
import type { Frame } from "../protocol/types.js";

/** Bodies from this size on are written from their own buffer, not copied. */
export const SPLIT_BODY_BYTES = 8192;
/** Where the prelude holds the body length (u32 BE), per docs/protocol.md. */
const BODY_LENGTH_OFFSET = 16;
const NO_BODY = new Uint8Array(0);
const FIRST_SCRATCH = 4096;
/** A scratch grown past this (one big burst) is dropped after its batch, not kept per connection. */
const KEEP_SCRATCH = 64 * 1024;

export class WriteBatch {
  #scratch: Buffer | undefined;
  /** End of the bytes written into the scratch. */
  #pos = 0;
  /** Start of the scratch bytes not yet sealed into `#segments`. */
  #sealed = 0;
  /** In order, when large bodies are queued: scratch regions and bodies. Empty otherwise. */
  #segments: Buffer[] = [];
  #largeBytes = 0;
  #bytes = 0;

  /** Bytes queued. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Queues one frame (its body must not change until it is written). */
  add(frame: Frame): void {
    const body = frame.body;
    if (body.byteLength < SPLIT_BODY_BYTES) {
      const size = measureFrame(frame);
      const scratch = this.#room(size);
      this.#pos = encodeFrameInto(scratch, this.#pos, frame, size);
      this.#bytes += size;
      return;
    }
    const head = { ...frame, body: NO_BODY };
    const size = measureFrame(head);
    const scratch = this.#room(size);
    const at = this.#pos;
    this.#pos = encodeFrameInto(scratch, at, head, size);
    scratch.writeUInt32BE(body.byteLength, at + BODY_LENGTH_OFFSET);
    this.#segments.push(scratch.subarray(this.#sealed, this.#pos), toBuffer(body));
    this.#sealed = this.#pos;
    this.#bytes += size + body.byteLength;
    this.#largeBytes += body.byteLength;
  }

  /** Writes everything queued with one socket write (one vectored write when large bodies dominate). */
  flush(socket: Socket, done: ((error?: Error | null) => void) | undefined): void {
    const scratch = this.#scratch!;
    const segments = this.#segments;
    const end = this.#pos;
    const sealed = this.#sealed;
    const bytes = this.#bytes;
    const large = this.#largeBytes;
    // Detached before writing: whatever a socket callback might queue meanwhile starts a new scratch.
    this.#scratch = undefined;
    this.#segments = [];
    this.#pos = this.#sealed = this.#bytes = this.#largeBytes = 0;
    if (segments.length === 0) {
      socket.write(scratch.subarray(0, end), done);
    } else {
      if (end > sealed) segments.push(scratch.subarray(sealed, end));
      if (large * 2 >= bytes) {
        socket.cork();
        const last = segments.length - 1;
        for (let i = 0; i < last; i++) socket.write(segments[i]!);
        socket.write(segments[last]!, done);
        socket.uncork();
      } else {
        // Mostly small frames: one copy beats a vectored write of many pieces.
        socket.write(Buffer.concat(segments, bytes), done);
      }
    }
    // Reused only when the socket passed every byte to the OS at once (it keeps no reference then).
    if (socket.writableLength === 0 && this.#scratch === undefined && scratch.length <= KEEP_SCRATCH) this.#scratch = scratch;
  }

  /** Drops what is queued (the connection closed). */
  clear(): void {
    this.#segments = [];
    this.#pos = this.#sealed = this.#bytes = this.#largeBytes = 0;
  }

  /** The scratch, with room for `size` more bytes (grown by copying what it holds). */
  #room(size: number): Buffer {
    const scratch = this.#scratch;
    if (scratch !== undefined && scratch.length - this.#pos >= size) return scratch;
    const next = Buffer.allocUnsafeSlow(Math.max(FIRST_SCRATCH, 2 * (this.#pos + size)));
    // Sealed regions keep pointing into the old scratch (never written again); the rest moves.
    if (scratch !== undefined && this.#pos > 0) scratch.copy(next, 0, 0, this.#pos);
    this.#scratch = next;
    return next;
  }
}

function toBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}
