/**
 * Big-endian reads from a plain Uint8Array. The reader works on whatever view
 * it is given (bodies are plain Uint8Array views, which are cheaper to create
 * than Buffers), so it cannot use Buffer's read methods; these do the same
 * with byte arithmetic, and floats through a shared 8-byte scratch.
 */
import { endianness } from "node:os";

const scratch = new ArrayBuffer(8);
const scratchBytes = new Uint8Array(scratch);
const f32 = new Float32Array(scratch);
const f64 = new Float64Array(scratch);
/** Scratch byte order: floats are stored in the platform's order. */
const LE = endianness() === "LE";

export function u32be(b: Uint8Array, i: number): number {
  return b[i]! * 0x1000000 + ((b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!);
}

export function i32be(b: Uint8Array, i: number): number {
  return (b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!;
}

export function i16be(b: Uint8Array, i: number): number {
  return (((b[i]! << 8) | b[i + 1]!) << 16) >> 16;
}

export function i8(b: Uint8Array, i: number): number {
  return (b[i]! << 24) >> 24;
}

export function f32be(b: Uint8Array, i: number): number {
  if (LE) {
    scratchBytes[0] = b[i + 3]!;
    scratchBytes[1] = b[i + 2]!;
    scratchBytes[2] = b[i + 1]!;
    scratchBytes[3] = b[i]!;
  } else {
    for (let k = 0; k < 4; k++) scratchBytes[k] = b[i + k]!;
  }
  return f32[0]!;
}

export function f64be(b: Uint8Array, i: number): number {
  if (LE) {
    scratchBytes[0] = b[i + 7]!;
    scratchBytes[1] = b[i + 6]!;
    scratchBytes[2] = b[i + 5]!;
    scratchBytes[3] = b[i + 4]!;
    scratchBytes[4] = b[i + 3]!;
    scratchBytes[5] = b[i + 2]!;
    scratchBytes[6] = b[i + 1]!;
    scratchBytes[7] = b[i]!;
  } else {
    for (let k = 0; k < 8; k++) scratchBytes[k] = b[i + k]!;
  }
  return f64[0]!;
}

/** A 64-bit integer (signed or not) as an exact bigint. */
export function big64be(b: Uint8Array, i: number, signed: boolean): bigint {
  const v = (BigInt(u32be(b, i)) << 32n) | BigInt(u32be(b, i + 4));
  return signed ? BigInt.asIntN(64, v) : v;
}
