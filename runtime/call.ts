/**
 * The types a generated client and a generated handler interface are written
 * against: call options, the call context and the channel.
 */
import type { ClusterStrategy } from "./cluster/cluster.js";
import type { MethodDescriptor } from "./schema/types.js";

/** Call metadata: string keys (lower-case by convention) and string values. */
export type Metadata = Record<string, string>;

/** Options a caller may pass as the second argument of any client method: `client.get({ id }, { timeout: 500 })`. */
export interface CallOptions {
  /** Deadline relative to now, in ms. Wins over `@timeout` and the client default. */
  timeout?: number;
  /** Absolute deadline (epoch ms); the earlier of `timeout` and `deadline` applies. */
  deadline?: number;
  /** Aborting it cancels the call (CANCELLED) and tells the server. */
  signal?: AbortSignal;
  /** Extra metadata for this call, merged over propagated metadata. */
  metadata?: Metadata;
  /** Compressor name for this call's request body (e.g. "gzip"); default: by size threshold. */
  compression?: string;
  /**
   * Key for the `hash` and `consistent-hash` balancers (a user or session id):
   * the same key goes to the same instance. Stays in this process.
   */
  hashKey?: string;
  /**
   * Send this call to the instance at `host:port` (`[v6]:port`), after the
   * routers; UNAVAILABLE when they left no such instance. Stays in this process.
   */
  pin?: string;
  /** Cluster strategy for this call: "failfast", "failover", "hedging" or a strategy object (runtime/cluster). */
  cluster?: "failfast" | "failover" | "hedging" | ClusterStrategy;
  /** `false`: no retries for this call, whatever `@retry` and the client's `retry` say (docs/availability.md). */
  retry?: false;
}

/** What a handler receives as its second argument: `get(request, ctx)`. */
export interface CallContext {
  /** Absolute deadline, epoch ms. */
  readonly deadline: number;
  /** Aborted when the caller cancels, the deadline passes or the server shuts down. */
  readonly signal: AbortSignal;
  /** Metadata sent by the caller (propagated keys included). */
  readonly metadata: Readonly<Metadata>;
  /** The method being served, with its annotations. */
  readonly method: MethodDescriptor;
  /** Remote address of the caller, when known. */
  readonly peer?: { readonly host: string; readonly port: number };
}

/**
 * What generated clients call. `createClient()` returns one; tests and users may
 * write their own (a fake, a recording proxy).
 */
export interface Channel {
  /**
   * Send a unary call; resolves with the decoded result (undefined for void).
   * `request` holds the arguments keyed by IDL parameter name (undefined: none).
   */
  unary(method: MethodDescriptor, request: object | undefined, options?: CallOptions): Promise<unknown>;
  /** Send a oneway call; resolves once the frame is written. No reply is awaited. */
  oneway(method: MethodDescriptor, request: object | undefined, options?: CallOptions): Promise<void>;
  close(): Promise<void>;
}
