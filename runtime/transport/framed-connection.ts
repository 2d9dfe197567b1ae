/**
 * `Connection` over a node stream socket (TCP or TLS): incremental frame
 * decoding with limits, per-tick write batching, backpressure accounting,
 * keepalive PING/PONG and idle / first-frame timeouts.
 */
import type { Socket } from "node:net";
import { createFrameDecoder, encodeFrame } from "../protocol/index.js";
import { FrameKind, type Frame, type FrameDecoder } from "../protocol/types.js";
import type { Connection, ConnectionHandlers, ConnectionOptions } from "./connection.js";

/** Raised (as the close reason) when the peer stops answering keepalive pings. */
export class KeepaliveTimeoutError extends Error {
  override readonly name = "KeepaliveTimeoutError";
}

const PING_HEADER = { service: "", method: "", timeoutMs: 0, metadata: {}, status: "", message: "" };

/** Bodies from this size on are written from their own buffer, not copied into the frame's. */
const SPLIT_BODY_BYTES = 8192;
/** Where the prelude holds the body length (u32 BE), per docs/protocol.md. */
const BODY_LENGTH_OFFSET = 16;
const NO_BODY = new Uint8Array(0);

/** How long a half-closed connection waits for the peer to close its side. */
const END_GRACE_MS = 2000;

type WriteCallback = ((error?: Error) => void) | undefined;

export class FramedConnection implements Connection {
  readonly remote: { readonly host: string; readonly port: number };
  readonly #socket: Socket;
  readonly #options: ConnectionOptions;
  readonly #handlers: ConnectionHandlers;
  readonly #decoder: FrameDecoder;
  #queue: Buffer[] = [];
  #callbacks: WriteCallback[] = [];
  #queuedBytes = 0;
  /** Bytes of queued large bodies (they favour a vectored write over a copy). */
  #largeBytes = 0;
  #flushScheduled = false;
  #closed = false;
  #ending = false;
  #closeError: Error | undefined;
  #timer: NodeJS.Timeout | undefined;
  // Liveness bookkeeping without a clock read per frame: flags are folded in at each check.
  #receivedSinceCheck = false;
  #activeSinceCheck = false;
  #gotFirstFrame = false;
  readonly #openedAt = Date.now();
  #lastReceived = Date.now();
  #lastActive = Date.now();
  #pingSentAt = 0;

  constructor(socket: Socket, options: ConnectionOptions, handlers: ConnectionHandlers) {
    this.#socket = socket;
    this.#options = options;
    this.#handlers = handlers;
    this.remote = { host: socket.remoteAddress ?? "", port: socket.remotePort ?? 0 };
    this.#decoder = createFrameDecoder(options.limits, (frame) => this.#onFrame(frame));
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("error", (error) => {
      this.#closeError ??= error;
    });
    socket.on("close", () => this.#onClose());
    socket.on("drain", () => {
      if (!this.writeBufferFull) this.#handlers.onDrain?.();
    });
    this.#scheduleCheck();
    // Closed before we were attached: 'close' will not come again.
    if (socket.destroyed) queueMicrotask(() => this.#onClose());
  }

  get closed(): boolean {
    return this.#closed || this.#ending;
  }

  get writeBufferFull(): boolean {
    return this.#queuedBytes + this.#socket.writableLength >= this.#options.maxWriteBufferBytes;
  }

  send(frame: Frame, onWritten?: (error?: Error) => void): boolean {
    if (this.#closed || this.#ending) {
      onWritten?.(this.#closeError ?? new Error("connection closed"));
      return false;
    }
    const body = frame.body;
    if (body.length < SPLIT_BODY_BYTES) {
      const bytes = encodeFrame(frame);
      this.#queue.push(bytes);
      this.#callbacks.push(onWritten);
      this.#queuedBytes += bytes.length;
    } else {
      // A large body is queued as it is, after its prelude and header, instead of being
      // copied into the frame buffer: the prelude's body length (u32 BE at offset 16,
      // docs/protocol.md) is patched in.
      const head = encodeFrame({ ...frame, body: NO_BODY });
      head.writeUInt32BE(body.length, BODY_LENGTH_OFFSET);
      this.#queue.push(head, body as Buffer);
      this.#callbacks.push(undefined, onWritten);
      this.#queuedBytes += head.length + body.length;
      this.#largeBytes += body.length;
    }
    this.#activeSinceCheck = true;
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      // After this tick's microtasks: every frame produced by one incoming chunk
      // (answers of async handlers included) goes out in one write, without
      // waiting for the check phase of the event loop.
      process.nextTick(this.#flush);
    }
    return !this.writeBufferFull;
  }

  pause(): void {
    this.#socket.pause();
  }

  resume(): void {
    this.#socket.resume();
  }

  end(): void {
    if (this.#closed || this.#ending) return;
    this.#ending = true;
    this.#flush();
    this.#socket.end();
    // A peer that never closes its side must not keep the socket (and a close() awaiting it) forever.
    setTimeout(() => this.#socket.destroy(), END_GRACE_MS).unref();
  }

  destroy(error?: Error): void {
    if (this.#closed) return;
    this.#closeError ??= error;
    this.#socket.destroy();
  }

  /** Bytes of an incomplete incoming frame (for tests and stats). */
  get pendingInputBytes(): number {
    return this.#decoder.pending;
  }

  readonly #flush = (): void => {
    this.#flushScheduled = false;
    const n = this.#queue.length;
    if (n === 0 || this.#closed) return;
    const queue = this.#queue;
    const callbacks = this.#callbacks;
    const total = this.#queuedBytes;
    const large = this.#largeBytes;
    this.#queue = [];
    this.#callbacks = [];
    this.#queuedBytes = 0;
    this.#largeBytes = 0;
    let wanted = false;
    for (let i = 0; i < n; i++) if (callbacks[i] !== undefined) wanted = true;
    const done = wanted
      ? (error?: Error | null) => {
          const e = error ?? undefined;
          for (let i = 0; i < n; i++) callbacks[i]?.(e);
          this.#afterWrite();
        }
      : this.#afterWrite;
    if (n === 1) {
      this.#socket.write(queue[0]!, done);
    } else if (large * 2 >= total) {
      // Mostly large bodies: one vectored write (cork/uncork) instead of copying them into one buffer.
      this.#socket.cork();
      for (let i = 0; i < n - 1; i++) this.#socket.write(queue[i]!);
      this.#socket.write(queue[n - 1]!, done);
      this.#socket.uncork();
    } else {
      // Small frames: one copy into one buffer beats a vectored write of many tiny ones.
      this.#socket.write(Buffer.concat(queue, total), done);
    }
  };

  /**
   * After each batch reaches the OS: tell the owner when there is room again.
   * The socket's own 'drain' only fires after a write() returned false, which
   * never happens when our limit is below the socket's high-water mark.
   */
  readonly #afterWrite = (): void => {
    if (!this.#closed && !this.writeBufferFull) this.#handlers.onDrain?.();
  };

  #onData(chunk: Buffer): void {
    this.#receivedSinceCheck = true;
    try {
      this.#decoder.push(chunk);
    } catch (error) {
      // A protocol error (or a handler bug) closes this connection only.
      this.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #onFrame(frame: Frame): void {
    this.#gotFirstFrame = true;
    this.#activeSinceCheck = true;
    this.#pingSentAt = 0;
    if (frame.kind === FrameKind.PING) {
      this.send({ ...frame, kind: FrameKind.PONG, flags: 0 });
      return;
    }
    if (frame.kind === FrameKind.PONG) return;
    this.#handlers.onFrame(frame);
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const error = this.#closeError ?? (this.#ending ? undefined : new Error("connection closed by peer"));
    const callbacks = this.#callbacks;
    this.#queue = [];
    this.#callbacks = [];
    for (const cb of callbacks) cb?.(error ?? new Error("connection closed"));
    this.#handlers.onClose(error);
  }

  #checkEveryMs(): number {
    const o = this.#options;
    let ms = Infinity;
    for (const v of [o.keepaliveIntervalMs, o.keepaliveTimeoutMs, o.idleTimeoutMs, o.firstFrameTimeoutMs]) {
      if (v > 0 && v < ms) ms = v;
    }
    return ms === Infinity ? 0 : Math.max(5, Math.floor(ms / 4));
  }

  #scheduleCheck(): void {
    const every = this.#checkEveryMs();
    if (every === 0) return;
    this.#timer = setTimeout(() => this.#check(), every);
    this.#timer.unref();
  }

  #check(): void {
    if (this.#closed) return;
    const now = Date.now();
    const o = this.#options;
    if (this.#receivedSinceCheck) this.#lastReceived = now;
    if (this.#activeSinceCheck) this.#lastActive = now;
    this.#receivedSinceCheck = this.#activeSinceCheck = false;
    if (o.firstFrameTimeoutMs > 0 && !this.#gotFirstFrame && now - this.#openedAt >= o.firstFrameTimeoutMs) {
      this.destroy(new Error(`no frame within ${o.firstFrameTimeoutMs} ms of connecting`));
      return;
    }
    if (this.#pingSentAt > 0 && now - this.#pingSentAt >= o.keepaliveTimeoutMs) {
      this.destroy(new KeepaliveTimeoutError(`no answer to a keepalive ping within ${o.keepaliveTimeoutMs} ms`));
      return;
    }
    if (this.#handlers.busy()) {
      this.#lastActive = now;
      if (o.keepaliveIntervalMs > 0 && this.#pingSentAt === 0 && now - this.#lastReceived >= o.keepaliveIntervalMs) {
        this.#pingSentAt = now;
        const payload = Buffer.allocUnsafe(8);
        payload.writeDoubleBE(now);
        this.send({ kind: FrameKind.PING, flags: 0, serializer: 0, compressor: 0, requestId: 0, header: PING_HEADER, body: payload });
      }
    } else if (o.idleTimeoutMs > 0 && now - this.#lastActive >= o.idleTimeoutMs) {
      if (this.#handlers.onIdle !== undefined) this.#handlers.onIdle();
      else this.end();
      return;
    }
    this.#scheduleCheck();
  }
}
