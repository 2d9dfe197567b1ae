/**
 * The client side of one connection: the call table (request id -> pending
 * call), request ids, deadlines on the shared timer wheel, CANCEL on give-up,
 * GOAWAY handling, and "every pending call fails UNAVAILABLE when the
 * connection drops".
 */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import { EMPTY_METADATA, OVERSIZED_METADATA } from "../protocol/empty.js";
import { FrameKind, type Frame, type FrameHeader } from "../protocol/types.js";
import type { Connection, ConnectionOptions, WriteListener } from "../transport/connection.js";
import { FramedConnection } from "../transport/framed-connection.js";
import { IdTable } from "../transport/id-table.js";
import type { Poolable } from "../transport/pool.js";
import type { TimerWheel } from "../transport/timer-wheel.js";
import type { Socket } from "node:net";
import { TLSSocket } from "node:tls";
import { PendingCall, type CallOwner } from "./pending-call.js";
import { readResponse } from "./response.js";

const EMPTY = new Uint8Array(0);

function readUInt32(b: Uint8Array): number {
  return ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
}

export class ClientConnection implements Poolable, CallOwner {
  readonly #conn: Connection;
  readonly #calls = new IdTable<PendingCall>();
  readonly #wheel: TimerWheel;
  readonly #maxBodyBytes: number;
  /** Requests waiting for write-buffer space, in order. */
  #blocked: PendingCall[] = [];
  #nextId = 1;
  #goaway = false;
  /**
   * TLS 1.3 only: true until the server shows it completed the handshake (a
   * session ticket or a frame). The client's first request leaves before
   * that, so a server that refuses the client certificate closes a
   * connection whose requests it never read: they are failed not processed.
   */
  #handshakeUnconfirmed = false;
  readonly key: string;
  /** Resolves once the socket is closed. */
  readonly closed: Promise<void>;
  #resolveClosed!: () => void;

  constructor(socket: Socket, key: string, options: ConnectionOptions, wheel: TimerWheel) {
    this.key = key;
    this.#wheel = wheel;
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.#maxBodyBytes = options.limits.maxFrameBytes;
    if (socket instanceof TLSSocket && socket.getProtocol() === "TLSv1.3") {
      this.#handshakeUnconfirmed = true;
      socket.once("session", () => (this.#handshakeUnconfirmed = false));
    }
    this.#conn = new FramedConnection(socket, options, {
      onFrame: (frame) => this.#onFrame(frame),
      onClose: (error) => this.#onClose(error),
      onDrain: () => this.#onDrain(),
      busy: () => this.#calls.size > 0,
    });
  }

  get usable(): boolean {
    return !this.#goaway && !this.#conn.closed;
  }

  /** Calls waiting for a response on this connection. */
  get pending(): number {
    return this.#calls.size;
  }

  /** Start a unary call: take a slot, arm the deadline, send (or wait for buffer space). */
  start(call: PendingCall, frame: Frame): void {
    const id = this.#takeId();
    call.requestId = id;
    frame.requestId = id;
    call.owner = this;
    this.#calls.set(id, call);
    this.#wheel.add(call);
    if (this.#blocked.length > 0 || this.#conn.writeBufferFull) {
      call.frame = frame;
      this.#blocked.push(call);
      return;
    }
    this.#conn.send(frame);
  }

  /** Send a oneway frame; `done` runs once it is written. No slot, no timer. */
  sendOneway(frame: Frame, done: WriteListener): void {
    frame.requestId = this.#takeId();
    this.#conn.send(frame, done);
  }

  abandon(call: PendingCall, code: string): void {
    this.#wheel.remove(call);
    if (this.#calls.get(call.requestId) !== call) return;
    this.#calls.delete(call.requestId);
    if (call.frame !== undefined) return; // never sent: nothing to cancel
    this.#conn.send({
      kind: FrameKind.CANCEL,
      flags: 0,
      serializer: 0,
      compressor: 0,
      requestId: call.requestId,
      // The status says why (CANCELLED or DEADLINE_EXCEEDED): the server aborts ctx.signal with it.
      header: { service: "", method: "", timeoutMs: 0, metadata: EMPTY_METADATA, status: code, message: "" } satisfies FrameHeader,
      body: EMPTY,
    });
    this.#maybeFinishDraining();
  }

  close(graceful: boolean): void {
    if (graceful && this.#calls.size > 0) {
      this.#goaway = true; // stop taking calls; closes when the last one settles
      return;
    }
    if (graceful) this.#conn.end();
    else this.#conn.destroy();
  }

  #takeId(): number {
    const id = this.#nextId;
    this.#nextId = id >= 0xffffffff ? 1 : id + 1;
    return id;
  }

  #onFrame(frame: Frame): void {
    this.#handshakeUnconfirmed = false;
    if (frame.kind === FrameKind.RESPONSE) {
      const call = this.#calls.get(frame.requestId);
      if (call === undefined) return; // late answer to a call we gave up on
      this.#calls.delete(frame.requestId);
      this.#wheel.remove(call);
      call.bytesIn = frame.body.length;
      let value: unknown;
      try {
        if (frame.header.metadata === OVERSIZED_METADATA) {
          throw new RpcError(Code.RESOURCE_EXHAUSTED, `the response of ${call.method.name} carries metadata over this client's limits`);
        }
        value = readResponse(frame, call.method, this.#maxBodyBytes);
      } catch (error) {
        call.fail(error);
        this.#maybeFinishDraining();
        return;
      }
      call.succeed(value);
      this.#maybeFinishDraining();
    } else if (frame.kind === FrameKind.GOAWAY) {
      // The server is closing: finish what is in flight, take no new calls here.
      this.#goaway = true;
      // Older servers send no body: then nothing is known about calls the server never read.
      if (frame.body.length >= 4) this.#refuseAfter(readUInt32(frame.body), frame.header.message);
      this.#maybeFinishDraining();
    }
    // A client ignores REQUEST/ONEWAY/CANCEL frames: it serves nothing.
  }

  /**
   * Fail every call sent after request id `lastId` (in id order, modulo 2^32):
   * the server read none of them before its GOAWAY, so none was processed and
   * each may be retried elsewhere, even when its refusal never arrives.
   */
  #refuseAfter(lastId: number, reason: string): void {
    for (const call of this.#calls.values()) {
      const later = (call.requestId - lastId) >>> 0;
      if (later === 0 || later >= 0x80000000) continue;
      this.#calls.delete(call.requestId);
      this.#wheel.remove(call);
      call.fail(
        new RpcError(Code.UNAVAILABLE, `${this.key} is going away (${reason || "GOAWAY"}); the call was not processed`, {
          notProcessed: true,
        }),
      );
    }
  }

  #onDrain(): void {
    while (this.#blocked.length > 0 && !this.#conn.writeBufferFull) {
      const call = this.#blocked.shift()!;
      const frame = call.frame;
      call.frame = undefined;
      if (frame !== undefined && !call.settled) this.#conn.send(frame);
    }
  }

  #maybeFinishDraining(): void {
    if (this.#goaway && this.#calls.size === 0) this.#conn.end();
  }

  #onClose(error: Error | undefined): void {
    this.#resolveClosed();
    const calls = this.#calls.values();
    this.#calls.clear();
    this.#blocked = [];
    const reason = error === undefined ? "connection closed" : error.message;
    for (const call of calls) {
      this.#wheel.remove(call);
      call.fail(
        new RpcError(Code.UNAVAILABLE, `connection to ${this.key} lost: ${reason}`, {
          notProcessed: call.frame !== undefined || this.#handshakeUnconfirmed,
          cause: error,
        }),
      );
    }
  }
}
