/**
 * The connection contract between the socket layer and the client/server
 * call layers: whole frames in, whole frames out, with write batching,
 * backpressure, keepalive and idle close handled below this line.
 */
import type { Frame, FrameLimits } from "../protocol/types.js";

/** Timing and size limits of one connection. */
export interface ConnectionOptions extends PingLimits {
  readonly limits: FrameLimits;
  /** Send a PING after this long without receiving anything while calls are in flight (0 = never). */
  readonly keepaliveIntervalMs: number;
  /** Close the connection when a PING gets no answer within this long. */
  readonly keepaliveTimeoutMs: number;
  /** Close the connection after this long without calls or traffic (0 = never). */
  readonly idleTimeoutMs: number;
  /** Server side: close a connection that sends no frame within this long (0 = never). */
  readonly firstFrameTimeoutMs: number;
  /** Queued plus socket-buffered bytes above which `writeBufferFull` is true. */
  readonly maxWriteBufferBytes: number;
}

/**
 * Ping policing, as gRPC servers do: a PING received less than
 * `minPingIntervalMs` after the previous one while no call is open is a
 * strike; a strike more than `maxPingStrikes` closes the connection (a server
 * says GOAWAY "too many pings" first). A request resets the strikes.
 */
export interface PingLimits {
  /** 0 = no policing. */
  readonly minPingIntervalMs: number;
  readonly maxPingStrikes: number;
}

/** What the owner of a connection (client call table, server dispatcher) hears. */
export interface ConnectionHandlers {
  /** A REQUEST, RESPONSE, ONEWAY, CANCEL or GOAWAY frame (PING/PONG are answered below). */
  onFrame(frame: Frame): void;
  /** The connection is gone; `error` is undefined for an orderly close (idle, end()). */
  onClose(error: Error | undefined): void;
  /** The write buffer went back under its limit. */
  onDrain?(): void;
  /** The idle timeout passed; default: `end()`. A server says GOAWAY first. */
  onIdle?(): void;
  /** A peer pinged too often while no call was open (see `minPingIntervalMs`); default: destroy. A server says GOAWAY. */
  onPingAbuse?(): void;
  /**
   * True while calls are in flight: keepalive pings only then (and while
   * written bytes wait for the socket), idle close only when false.
   */
  busy(): boolean;
}

/** One multiplexed, framed connection. */
/**
 * Told once a queued frame's bytes reach the OS (`error` undefined) or can
 * never leave. An object, not a callback, so a oneway call is its own
 * listener and allocates no closure.
 */
export interface WriteListener {
  written(error: Error | undefined): void;
}

export interface Connection {
  /** The peer's address as seen on the socket. */
  readonly remote: { readonly host: string; readonly port: number };
  /** True once the socket is closed or closing. */
  readonly closed: boolean;
  /** True while queued + socket-buffered bytes exceed the write buffer limit (stop producing). */
  readonly writeBufferFull: boolean;
  /**
   * Queue a frame; frames queued in one turn of the event loop go out in one
   * socket write. `onWritten` is told once the bytes are handed to the OS (or
   * with an error). Returns false when the write buffer is full. The frame's
   * body must not change afterwards: a large body is written from its own
   * buffer, not copied (serializers return fresh, never-reused buffers).
   */
  send(frame: Frame, onWritten?: WriteListener): boolean;
  /**
   * Stop reading from the socket until the write buffer drains below its
   * limit (the peer is not reading what we answer). PONGs use the same rule.
   */
  holdReadsUntilDrained(): void;
  /** Flush what is queued, then close. */
  end(): void;
  /** Close now; queued frames are dropped. */
  destroy(error?: Error): void;
}
