/**
 * `Connection` over a node stream socket (TCP or TLS): incremental frame
 * decoding with limits, per-tick write batching, backpressure accounting,
 * keepalive PING/PONG and idle / first-frame timeouts.
 */
import type { Socket } from "node:net";
import { createFrameDecoder, EMPTY_HEADER } from "../protocol/index.js";
import { FrameKind, type Frame, type FrameDecoder } from "../protocol/types.js";
import type { Connection, ConnectionHandlers, ConnectionOptions, WriteListener } from "./connection.js";
import { WriteBatch } from "./write-batch.js";

/** Raised (as the close reason) when the peer stops answering keepalive pings. */
export class KeepaliveTimeoutError extends Error {
  override readonly name = "KeepaliveTimeoutError";
}

/** How long a half-closed connection waits for the peer to close its side. */
const END_GRACE_MS = 2000;

function settleAll(listeners: WriteListener[], error: Error | undefined): void {
  for (let i = 0; i < listeners.length; i++) listeners[i]!.written(error);
}

export class FramedConnection implements Connection {
  readonly remote: { readonly host: string; readonly port: number };
  readonly #socket: Socket;
  readonly #options: ConnectionOptions;
  readonly #handlers: ConnectionHandlers;
  readonly #decoder: FrameDecoder;
  readonly #batch = new WriteBatch();
  /** Write callbacks of the queued frames that asked for one (oneway calls). */
  #callbacks: WriteListener[] = [];
  #flushScheduled = false;
  #closed = false;
  #ending = false;
  #closeError: Error | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Destroys a half-closed socket whose peer never closes; cleared on close so nothing keeps this connection reachable. */
  #endTimer: NodeJS.Timeout | undefined;
  // Liveness bookkeeping without a clock read per frame: flags are folded in at each check.
  #receivedSinceCheck = false;
  #activeSinceCheck = false;
  #gotFirstFrame = false;
  readonly #openedAt = Date.now();
  #lastReceived = Date.now();
  #lastActive = Date.now();
  #pingSentAt = 0;
  /** Reading paused until the write buffer drains (answers or PONGs the peer does not read). */
  #readsHeld = false;
  #lastPingReceived = 0;
  #pingStrikes = 0;

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
    socket.on("drain", this.#afterWrite);
    this.#scheduleCheck();
    // Closed before we were attached: 'close' will not come again.
    if (socket.destroyed) queueMicrotask(() => this.#onClose());
  }

  get closed(): boolean {
    return this.#closed || this.#ending;
  }

  get writeBufferFull(): boolean {
    return this.#batch.bytes + this.#socket.writableLength >= this.#options.maxWriteBufferBytes;
  }

  send(frame: Frame, onWritten?: WriteListener): boolean {
    if (this.#closed || this.#ending) {
      onWritten?.written(this.#closeError ?? new Error("connection closed"));
      return false;
    }
    this.#batch.add(frame);
    if (onWritten !== undefined) this.#callbacks.push(onWritten);
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

  holdReadsUntilDrained(): void {
    if (this.#readsHeld || this.#closed || !this.writeBufferFull) return;
    this.#readsHeld = true;
    this.#socket.pause();
  }

  end(): void {
    if (this.#closed || this.#ending) return;
    this.#ending = true;
    this.#flush();
    this.#socket.end();
    // A peer that never closes its side must not keep the socket (and a close() awaiting it) forever.
    this.#endTimer = setTimeout(() => this.#socket.destroy(), END_GRACE_MS);
    this.#endTimer.unref();
  }

  destroy(error?: Error): void {
    if (this.#closed) return;
    this.#closeError ??= error;
    this.#socket.destroy();
  }

  readonly #flush = (): void => {
    this.#flushScheduled = false;
    if (this.#batch.bytes === 0 || this.#closed) return;
    const callbacks = this.#callbacks;
    let done: (error?: Error | null) => void = this.#afterWrite;
    if (callbacks.length > 0) {
      // One callback per batch settles every frame of it that asked (oneway calls).
      this.#callbacks = [];
      done = (error?: Error | null) => {
        // Node calls back without an error when the socket was destroyed with this write
        // still pending: the bytes may never have left, so the frames are not "written".
        const e = error ?? (this.#socket.destroyed ? (this.#closeError ?? new Error("connection closed before the frame was written")) : undefined);
        // Settled in the check phase, not on this tick: a caller that sends its next oneway
        // from the settlement would otherwise, for as long as the socket takes writes
        // synchronously, never leave nextTick/microtasks, starving timers and I/O.
        setImmediate(settleAll, callbacks, e);
        this.#afterWrite();
      };
    }
    this.#batch.flush(this.#socket, done);
  };

  /**
   * After each batch reaches the OS: tell the owner when there is room again.
   * The socket's own 'drain' only fires after a write() returned false, which
   * never happens when our limit is below the socket's high-water mark.
   */
  readonly #afterWrite = (): void => {
    if (this.#closed || this.writeBufferFull) return;
    if (this.#readsHeld) {
      this.#readsHeld = false;
      this.#socket.resume();
    }
    this.#handlers.onDrain?.();
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
      this.#onPing(frame);
      return;
    }
    if (frame.kind === FrameKind.PONG) return;
    if (frame.kind !== FrameKind.CANCEL) this.#pingStrikes = 0; // a call opened or answered: pings are fair again
    this.#handlers.onFrame(frame);
  }

  #onPing(frame: Frame): void {
    const o = this.#options;
    if (o.minPingIntervalMs > 0 && !this.#handlers.busy()) {
      const now = Date.now();
      const tooSoon = now - this.#lastPingReceived < o.minPingIntervalMs;
      this.#lastPingReceived = now;
      if (tooSoon && ++this.#pingStrikes > o.maxPingStrikes) {
        if (this.#handlers.onPingAbuse !== undefined) this.#handlers.onPingAbuse();
        else this.destroy(new Error(`peer sent more than ${o.maxPingStrikes} pings closer than ${o.minPingIntervalMs} ms without a call`));
        return;
      }
    }
    // Same backpressure as answers: a peer that pings and never reads stops being read.
    if (!this.send({ ...frame, kind: FrameKind.PONG, flags: 0 })) this.holdReadsUntilDrained();
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#endTimer !== undefined) clearTimeout(this.#endTimer);
    const error = this.#closeError ?? (this.#ending ? undefined : new Error("connection closed by peer"));
    const callbacks = this.#callbacks;
    this.#batch.clear();
    this.#callbacks = [];
    settleAll(callbacks, error ?? new Error("connection closed"));
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
    // Bytes waiting for the socket (unflushed oneways included) need a live peer as much as open calls do.
    if (this.#handlers.busy() || this.#socket.writableLength > 0 || this.#batch.bytes > 0) {
      this.#lastActive = now;
      if (o.keepaliveIntervalMs > 0 && this.#pingSentAt === 0 && now - this.#lastReceived >= o.keepaliveIntervalMs) {
        this.#pingSentAt = now;
        const payload = Buffer.allocUnsafe(8);
        payload.writeDoubleBE(now);
        this.send({ kind: FrameKind.PING, flags: 0, serializer: 0, compressor: 0, requestId: 0, header: EMPTY_HEADER, body: payload });
      }
    } else if (o.idleTimeoutMs > 0 && now - this.#lastActive >= o.idleTimeoutMs) {
      if (this.#handlers.onIdle !== undefined) this.#handlers.onIdle();
      else this.end();
      return;
    }
    this.#scheduleCheck();
  }
}
