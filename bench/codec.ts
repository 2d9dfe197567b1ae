/**
 * The codec micro-benchmark: encode + decode of the same small message by
 * rpcgen's serializer (struct keyed by field IDs, via the generated schema),
 * protobufjs, and JSON. Reports ops/s (one op = one encode and one decode) and
 * encoded bytes. Runs in-process, codecs interleaved over rounds, medians kept.
 */
import protobuf from "protobufjs";
import { performance } from "node:perf_hooks";
import { makeItems } from "./payload.js";
import { benchProto } from "./paths.js";
import { median } from "./stats.js";

/** One contestant: round trips of the prepared messages (a pool of distinct ones, in turn). */
export interface CodecCase {
  /** Short name used in the report and the targets: "rpcgen", "protobufjs", "JSON". */
  readonly codec: string;
  /** How it encodes, for the table. */
  readonly detail: string;
  /** Encodes and decodes once; returns the decoded value (kept, so the work cannot be skipped). */
  roundTrip(): unknown;
  /** Encoded size of the first message, bytes (the others are the same size give or take a byte). */
  readonly bytes: number;
}

export interface CodecRow {
  codec: string;
  detail: string;
  opsPerSec: number;
  bytes: number;
}

export interface CodecReport {
  note: string;
  rows: CodecRow[];
}

/** protobufjs with the .proto the grpc peer uses: static `encode(...).finish()` / `decode`. */
export function protobufCase(): CodecCase {
  const root = protobuf.loadSync(benchProto);
  const Item = root.lookupType("bench.Item");
  const messages = makeItems().map((item) => Item.fromObject(item));
  const mask = messages.length - 1;
  let i = 0;
  return {
    codec: "protobufjs",
    detail: "static encode().finish() / decode() from bench.proto",
    bytes: Item.encode(messages[0]!).finish().length,
    roundTrip: () => Item.decode(Item.encode(messages[i++ & mask]!).finish()),
  };
}

/** JSON text through a Buffer, as a JSON-over-HTTP framework would send it. */
export function jsonCase(): CodecCase {
  const items = makeItems();
  const mask = items.length - 1;
  let i = 0;
  return {
    codec: "JSON",
    detail: "JSON.stringify to a Buffer, JSON.parse back",
    bytes: Buffer.byteLength(JSON.stringify(items[0])),
    roundTrip: () => JSON.parse(Buffer.from(JSON.stringify(items[i++ & mask])).toString()) as unknown,
  };
}

/** Runs `roundTrip` for about `ms` milliseconds after a short warm-up; ops/s. */
function measure(c: CodecCase, ms: number): number {
  let sink: unknown;
  const batch = 2000;
  let ops = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < batch; i++) sink = c.roundTrip();
    ops += batch;
    t = performance.now();
  }
  if (sink === undefined) throw new Error(`${c.codec}: round trip returned nothing`);
  return (ops * 1000) / (t - t0);
}

/** Measures every case `rounds` times, interleaved, and keeps the medians. */
export function runCodecBench(cases: readonly CodecCase[], msPerRound: number, rounds: number): CodecReport {
  for (const c of cases) measure(c, Math.min(500, msPerRound)); // warm-up: let the JIT settle
  const samples = new Map<string, number[]>(cases.map((c) => [c.codec, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) samples.get(c.codec)!.push(measure(c, msPerRound));
  }
  return {
    note: "one op = one encode and one decode, in-process, median of rounds",
    rows: cases.map((c) => ({ codec: c.codec, detail: c.detail, opsPerSec: Math.round(median(samples.get(c.codec)!)), bytes: c.bytes })),
  };
}
