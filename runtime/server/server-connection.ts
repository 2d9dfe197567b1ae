/**
 * The server side of one connection: admits requests (limits, shutdown,
 * the server's admission before decoding),
 * runs them, answers (never for oneway), enforces deadlines and cancels, and
 * drains on GOAWAY.
 */
import type { Socket } from "node:net";
import type { Metadata } from "../call.js";
import { getCompressor, getSerializer } from "../codec/index.js";
import type { Serializer } from "../codec/types.js";
import { Code } from "../codes.js";
import { runInContext, type PropagatedContext } from "../context.js";
import { RpcError } from "../errors.js";
import { validateResult, type ValidationIssue } from "../schema/validate.js";
import { EMPTY_METADATA, OVERSIZED_METADATA } from "../protocol/empty.js";
import { FrameKind, type Frame, type FrameLimits } from "../protocol/types.js";
import type { ConnectionOptions } from "../transport/connection.js";
import { frameFits } from "../transport/body.js";
import { FramedConnection } from "../transport/framed-connection.js";
import { IdTable } from "../transport/id-table.js";
import type { TimerWheel } from "../transport/timer-wheel.js";
import type { Admission, Ticket } from "../resilience/admission.js";
import type { Dispatcher, PreparedCall } from "./dispatcher.js";
import { errorAnswer, resultFrame, rpcErrorFrame } from "./respond.js";
import { FilteredContext, ObservedServerCall, ServerCall } from "./server-call.js";
import { outcomeCode, refusalOf, type CallObserver, type RefusalReason } from "../observability/observer.js";
import type { MethodDescriptor } from "../schema/types.js";

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";
}

/** What a connection needs from its server. */
export interface ServerConnectionEnv {
  readonly dispatcher: Dispatcher;
  /** `dispatcher.run`, bound once. */
  readonly run: (prepared: PreparedCall, ctx: ServerCall) => unknown;
  readonly wheel: TimerWheel;
  readonly maxConcurrentCalls: number;
  /** Limiters, bulkheads, shedding: asked after the lookup, before decoding. Undefined: none (no clock read, no ticket). */
  readonly admission: Admission | undefined;
  /** Largest frame this server sends (its own receive limit; peers use the same default). */
  readonly maxFrameBytes: number;
  readonly compressionThreshold: number;
  readonly propagate: (metadata: Readonly<Metadata>) => Readonly<Metadata>;
  /** True when `propagate` keeps every key (the default). */
  readonly propagateAll: boolean;
  readonly report: (error: unknown, service: string, method: string) => void;
  readonly onClosed: (conn: ServerConnection) => void;
  /** Told about calls, refusals and connections; undefined: none (one check per hook site). */
  readonly observer: CallObserver | undefined;
}

export class ServerConnection {
  readonly #conn: FramedConnection;
  readonly #env: ServerConnectionEnv;
  readonly #limits: FrameLimits;
  readonly #calls = new IdTable<ServerCall>();
  /** ServerCall, or ObservedServerCall when the server has observers. */
  readonly #Call: typeof ServerCall;
  /**
   * Handlers started and not yet settled. A cancelled or expired call leaves
   * `#calls` at once, but its handler may ignore the signal and run on: the
   * concurrency cap counts handlers, so cancelling cannot admit more work.
   */
  #running = 0;
  #draining = false;
  /** Id of the last REQUEST/ONEWAY read before GOAWAY: the GOAWAY tells the client every later id was not processed. */
  #lastRequestId = 0;
  readonly closed: Promise<void>;
  #resolveClosed!: () => void;

  constructor(socket: Socket, options: ConnectionOptions, env: ServerConnectionEnv) {
    this.#env = env;
    this.#Call = env.observer === undefined ? ServerCall : ObservedServerCall;
    this.#limits = options.limits;
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.#conn = new FramedConnection(socket, options, {
      onFrame: (frame) => this.#onFrame(frame),
      onClose: () => this.#onClose(),
      onPingAbuse: () => this.goaway("too many pings"),
      busy: () => this.#calls.size > 0,
      onIdle: () => this.goaway("idle timeout"),
    });
  }

  /** Calls being served on this connection. */
  get inFlight(): number {
    return this.#calls.size;
  }

  /**
   * Graceful close: tell the client (GOAWAY, with the id of the last request
   * read), refuse new calls, close once in-flight calls are answered.
   */
  goaway(reason: string): void {
    if (this.#draining) return;
    this.#draining = true;
    const body = Buffer.allocUnsafe(4);
    body.writeUInt32BE(this.#lastRequestId >>> 0, 0);
    this.#conn.send({
      kind: FrameKind.GOAWAY,
      flags: 0,
      serializer: 0,
      compressor: 0,
      requestId: 0,
      header: { service: "", method: "", timeoutMs: 0, metadata: EMPTY_METADATA, status: "", message: reason },
      body,
    });
    this.#endIfDrained();
  }

  /** Forced close: abort every running handler and drop the socket. */
  destroy(reason: RpcError): void {
    for (const call of this.#calls.values()) call.abort(reason);
    this.#conn.destroy(reason);
  }

  #onFrame(frame: Frame): void {
    switch (frame.kind) {
      case FrameKind.REQUEST:
      case FrameKind.ONEWAY:
        this.#onRequest(frame);
        return;
      case FrameKind.CANCEL: {
        const call = this.#calls.get(frame.requestId);
        if (call !== undefined) {
          const expired = frame.header.status === Code.DEADLINE_EXCEEDED;
          call.abort(
            expired
              ? new RpcError(Code.DEADLINE_EXCEEDED, `${call.method.service}/${call.method.name}: the caller's deadline passed`)
              : new RpcError(Code.CANCELLED, "the caller cancelled the call"),
          );
          if (this.#env.observer !== undefined) this.#observeEnd(call, expired ? Code.DEADLINE_EXCEEDED : Code.CANCELLED, 0);
          this.#finish(call);
          this.#endIfDrained();
        }
        return;
      }
      default:
        return; // RESPONSE/GOAWAY from a client mean nothing to a server
    }
  }

  #onRequest(frame: Frame): void {
    const oneway = frame.kind === FrameKind.ONEWAY;
    const { service, method: methodName } = frame.header;
    let prepared: PreparedCall;
    let ticket: Ticket | undefined;
    let admittedAt = 0;
    // Observed calls only: the start time, the method once looked up, and why a call was refused.
    let observedAt = 0;
    let looked: MethodDescriptor | undefined;
    let refusal: RefusalReason | undefined;
    try {
      if (!this.#draining) this.#lastRequestId = frame.requestId;
      // A ONEWAY read after GOAWAY left before the client heard of it, and its sender can never
      // learn of a refusal: it still runs (close() bounds the drain). A REQUEST is refused, retry-safe.
      else if (!oneway) {
        refusal = "shutdown";
        throw new RpcError(Code.UNAVAILABLE, "the server is shutting down", { notProcessed: true });
      }
      if (frame.header.metadata === OVERSIZED_METADATA) {
        refusal = "metadata-limit";
        throw this.#oversizedMetadata();
      }
      if (this.#running >= this.#env.maxConcurrentCalls) {
        refusal = "concurrency-limit";
        throw new RpcError(
          Code.RESOURCE_EXHAUSTED,
          `too many calls in flight on this connection (limit ${this.#env.maxConcurrentCalls})`,
          { notProcessed: true },
        );
      }
      const method = this.#env.dispatcher.lookup(service, methodName);
      if (this.#env.observer !== undefined) {
        looked = method;
        observedAt = performance.now();
        this.#env.observer.callStarted("server", method);
      }
      if ((method.kind === "oneway") !== oneway) {
        throw new RpcError(
          Code.UNIMPLEMENTED,
          `${service}/${methodName} is ${method.kind === "oneway" ? "oneway" : "unary"}; it was called as ${oneway ? "oneway" : "unary"}`,
          { notProcessed: true },
        );
      }
      if (this.#env.admission !== undefined) {
        admittedAt = Date.now();
        const admitted = this.#env.admission.admit(method, this.#running, admittedAt);
        if (admitted instanceof Error) throw admitted; // refused before decoding: the body is never read
        ticket = admitted;
      }
      prepared = this.#env.dispatcher.prepare(method, frame.serializer, frame.compressor, frame.body);
    } catch (error) {
      if (ticket !== undefined) ticket.done(error, Date.now() - admittedAt); // admitted, then the body failed to decode
      const answer = oneway ? undefined : rpcErrorFrame(frame.requestId, getSerializer(frame.serializer), RpcError.from(error));
      if (this.#env.observer !== undefined) this.#observeRefused(error, refusal, looked, observedAt, frame.body.length, answer);
      if (answer === undefined) this.#env.report(error, service, methodName); // a oneway never gets an answer, not even an error
      else this.#conn.send(answer);
      return;
    }
    const timeoutMs = frame.header.timeoutMs;
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
    const call = new this.#Call(
      frame.requestId,
      oneway,
      prepared.method,
      deadline,
      this.#metadataOf(frame),
      this.#conn.remote,
      frame.serializer,
      frame.compressor,
      this.#onDeadline,
    );
    this.#calls.set(frame.requestId, call);
    if (this.#env.observer !== undefined) {
      (call as ObservedServerCall).observedAt = observedAt;
      (call as ObservedServerCall).bytesIn = frame.body.length;
    }
    // The call itself carries `deadline` and `metadata`: it is the inherited context unless metadata is filtered.
    const inherited: PropagatedContext = this.#env.propagateAll
      ? call
      : new FilteredContext(deadline, this.#env.propagate(frame.header.metadata), call);
    let result: unknown;
    try {
      result = runInContext(inherited, this.#env.run, prepared, call);
    } catch (error) {
      if (ticket !== undefined) ticket.done(error, Date.now() - admittedAt);
      this.#answerError(call, prepared.serializer, error);
      return;
    }
    if (isThenable(result)) {
      // Only a call that outlives this turn needs its deadline armed (a synchronous one is answered below).
      if (deadline !== Infinity && !call.done) this.#env.wheel.add(call);
      this.#running++;
      // The ticket ends when the handler settles, not when the call is answered: a cancelled handler still holds its slot.
      result.then(
        (value) => {
          this.#running--;
          if (ticket !== undefined) ticket.done(undefined, Date.now() - admittedAt);
          this.#answer(call, prepared.serializer, value);
        },
        (error: unknown) => {
          this.#running--;
          if (ticket !== undefined) ticket.done(error, Date.now() - admittedAt);
          this.#answerError(call, prepared.serializer, error);
        },
      );
    } else {
      if (ticket !== undefined) ticket.done(undefined, Date.now() - admittedAt);
      this.#answer(call, prepared.serializer, result); // a synchronous handler: no promise, no microtask
    }
  }

  #oversizedMetadata(): RpcError {
    const l = this.#limits;
    return new RpcError(
      Code.RESOURCE_EXHAUSTED,
      `request metadata exceeds this server's limits (${l.maxMetadataEntries} entries, ${l.maxMetadataBytes} bytes of keys and values); send less metadata`,
      { notProcessed: true },
    );
  }

  /** Decoded metadata, or a fresh object in place of the shared frozen empty one when middleware may edit it. */
  #metadataOf(frame: Frame): Metadata {
    const metadata = frame.header.metadata;
    return metadata === EMPTY_METADATA && this.#env.dispatcher.hasMiddleware ? (Object.create(null) as Metadata) : metadata;
  }

  readonly #onDeadline = (call: ServerCall): void => {
    if (call.done) return;
    const error = new RpcError(Code.DEADLINE_EXCEEDED, `${call.method.service}/${call.method.name}: deadline exceeded on the server`);
    call.abort(error);
    this.#finish(call);
    const answer = call.oneway ? undefined : rpcErrorFrame(call.requestId, getSerializer(call.serializer), error);
    if (this.#env.observer !== undefined) this.#observeEnd(call, error.code, answer?.body.length ?? 0);
    if (answer !== undefined) this.#send(answer);
    else this.#endIfDrained();
  };

  #answer(call: ServerCall, s: Serializer, value: unknown): void {
    if (call.done) return;
    this.#finish(call);
    if (call.oneway) {
      if (this.#env.observer !== undefined) this.#observeEnd(call, "OK", 0);
      this.#endIfDrained();
      return;
    }
    const invalid = validateResult(call.method, value);
    if (invalid !== undefined) {
      this.#invalidResult(call, s, invalid);
      return;
    }
    let frame: Frame;
    try {
      const compressor = call.compressor === 0 ? undefined : getCompressor(call.compressor);
      frame = resultFrame(call.requestId, s, call.method, value, compressor, this.#env.compressionThreshold);
      if (!frameFits(frame.header, frame.body.length, this.#env.maxFrameBytes, false)) {
        throw new RpcError(
          Code.RESOURCE_EXHAUSTED,
          `the result of ${call.method.service}/${call.method.name} (${frame.body.length} bytes) exceeds the ${this.#env.maxFrameBytes}-byte frame limit`,
        );
      }
    } catch (error) {
      this.#answerError(call, s, error, true);
      return;
    }
    if (this.#env.observer !== undefined) this.#observeEnd(call, "OK", frame.body.length);
    this.#send(frame);
  }

  /** The handler broke its own contract: INTERNAL for the caller (naming the path), reported as the server's fault. */
  #invalidResult(call: ServerCall, s: Serializer, issue: ValidationIssue): void {
    const { service, name } = call.method;
    const error = new RpcError(Code.INTERNAL, `${service}/${name} returned an invalid result: ${issue.path}: ${issue.message}`, {
      details: { path: issue.path },
    });
    this.#env.report(error, service, name);
    this.#answerError(call, s, error, true);
  }

  #answerError(call: ServerCall, s: Serializer, error: unknown, force = false): void {
    if (call.done && !force) return;
    this.#finish(call);
    const answer = errorAnswer(call.requestId, s, call.method, error, call.handlerStarted);
    if (this.#env.observer !== undefined) this.#observeEnd(call, answer.frame.header.status, call.oneway ? 0 : answer.frame.body.length);
    if (answer.hidden !== undefined || call.oneway) {
      this.#env.report(answer.hidden ?? error, call.method.service, call.method.name);
    }
    if (!call.oneway) this.#send(answer.frame);
    else this.#endIfDrained();
  }

  #send(frame: Frame): void {
    // The client is not reading its answers: stop reading its requests until it does.
    if (!this.#conn.send(frame)) this.#conn.holdReadsUntilDrained();
    this.#endIfDrained();
  }

  #finish(call: ServerCall): void {
    call.done = true;
    this.#env.wheel.remove(call);
    if (this.#calls.get(call.requestId) === call) this.#calls.delete(call.requestId);
  }

  /** An observed call ended with `code` (a Code name, "OK" or "IDL:<name>"), having sent `bytesOut` body bytes. */
  #observeEnd(call: ServerCall, code: string, bytesOut: number): void {
    const { observedAt, bytesIn } = call as ObservedServerCall;
    this.#env.observer!.callFinished("server", call.method, code, performance.now() - observedAt, bytesOut, bytesIn);
  }

  /** An observed request that never reached its handler: a refusal, or a call of a known method that failed to decode. */
  #observeRefused(error: unknown, refusal: RefusalReason | undefined, method: MethodDescriptor | undefined, startedAt: number, bytesIn: number, answer: Frame | undefined): void {
    const observer = this.#env.observer!;
    const reason = refusal ?? refusalOf(error);
    if (reason !== undefined) observer.callRefused?.("server", reason);
    if (method !== undefined) observer.callFinished("server", method, outcomeCode(error), performance.now() - startedAt, answer?.body.length ?? 0, bytesIn);
  }

  #endIfDrained(): void {
    if (this.#draining && this.#calls.size === 0) this.#conn.end();
  }

  #onClose(): void {
    const gone = new RpcError(Code.CANCELLED, "the client connection closed");
    for (const call of this.#calls.values()) {
      call.abort(gone);
      if (this.#env.observer !== undefined && !call.done) this.#observeEnd(call, Code.CANCELLED, 0);
      call.done = true;
      this.#env.wheel.remove(call);
    }
    this.#calls.clear();
    this.#env.onClosed(this);
    this.#resolveClosed();
  }
}
