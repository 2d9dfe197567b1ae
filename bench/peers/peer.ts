/**
 * What every contender provides: a server that echoes (and counts oneways) and a
 * client the closed-loop driver calls. Each peer runs in its own process.
 */
import type { BenchItem } from "../payload.js";
import type { Contender } from "../scenarios.js";

/** Completion callback: `error` is null or undefined on success. */
export type Done = (error: unknown, result?: unknown) => void;

export interface PeerServer {
  /** Bound port on 127.0.0.1 (the first, when the peer runs several servers). */
  readonly port: number;
  /** Every bound port, when the peer runs several servers. */
  readonly ports?: readonly number[];
  /** Oneway calls received so far. */
  receipts(): number;
  /** Failures the server saw but could not answer (oneway), so far. */
  errors(): number;
  close(): Promise<void>;
}

/**
 * A connected client. A peer implements the promise form, the callback form, or
 * both; the driver prefers the callback form (no adapter closure per call).
 */
export interface PeerClient {
  /** Converts the neutral request to what `unary` sends (once, before the loop). */
  prepare(item: BenchItem): unknown;
  unaryAsync?(request: unknown): Promise<unknown>;
  unaryCallback?(request: unknown, done: Done): void;
  /** Resolves once the oneway frame is written. */
  onewayAsync?(request: unknown): Promise<void>;
  close(): Promise<void>;
}

export interface PeerModule {
  startServer(): Promise<PeerServer>;
  connectClient(port: number, ports?: readonly number[]): Promise<PeerClient>;
}

/** Loads a contender's peer module (imported lazily so a worker loads only its own framework). */
export async function loadPeer(contender: Contender): Promise<PeerModule> {
  switch (contender) {
    case "ceiling":
      return import("./ceiling.js");
    case "grpc":
      return import("./grpc.js");
    case "rpcgen":
      return import("./rpcgen.js");
    case "rpcgen-admission":
      return import("./rpcgen-admission.js");
    case "rpcgen-breaker":
      return import("./rpcgen-breaker.js");
    case "rpcgen-metrics":
      return import("./rpcgen-metrics.js");
    case "rpcgen-tracing":
      return import("./rpcgen-tracing.js");
    case "rpcgen-x3":
      return (await import("./rpcgen-three.js")).defaultPath;
    case "rpcgen-governed":
      return (await import("./rpcgen-three.js")).governedPath;
  }
}
