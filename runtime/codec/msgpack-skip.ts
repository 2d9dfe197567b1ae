/**
 * Skipping values this side does not know (unknown struct fields, non-integer
 * keys), iteratively: no recursion, so hostile nesting cannot exhaust the stack,
 * and every count is checked against the bytes left.
 */
import { CodecError } from "./errors.js";
import { advance, byte, peek, readNumber, remaining, truncated, u16, u32 } from "./msgpack-read.js";

/** Reads a map key that should be a field ID; -1 (after skipping it) when it is not an integer. */
export function readFieldId(): number {
  const b = peek();
  if (b <= 0x7f) {
    advance(1);
    return b;
  }
  if (b >= 0xcc && b <= 0xd3) {
    const n = readNumber();
    return n >= 0 ? n : -1;
  }
  skip();
  return -1;
}

/** Skips one complete value of any type, iteratively. */
export function skip(): void {
  let items = 1;
  while (items > 0) {
    items--;
    const b = byte();
    if (b <= 0x7f || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) continue;
    if (b <= 0x8f) items += 2 * (b & 0x0f);
    else if (b <= 0x9f) items += b & 0x0f;
    else if (b <= 0xbf) advance(b & 0x1f);
    else
      switch (b) {
        case 0xc4:
        case 0xd9:
          advance(byte());
          break;
        case 0xc5:
        case 0xda:
          advance(u16());
          break;
        case 0xc6:
        case 0xdb:
          advance(u32());
          break;
        case 0xc7:
          advance(byte() + 1);
          break;
        case 0xc8:
          advance(u16() + 1);
          break;
        case 0xc9:
          advance(u32() + 1);
          break;
        case 0xca:
          advance(4);
          break;
        case 0xcb:
          advance(8);
          break;
        case 0xcc:
        case 0xd0:
          advance(1);
          break;
        case 0xcd:
        case 0xd1:
          advance(2);
          break;
        case 0xce:
        case 0xd2:
          advance(4);
          break;
        case 0xcf:
        case 0xd3:
          advance(8);
          break;
        case 0xd4:
          advance(2);
          break;
        case 0xd5:
          advance(3);
          break;
        case 0xd6:
          advance(5);
          break;
        case 0xd7:
          advance(9);
          break;
        case 0xd8:
          advance(17);
          break;
        case 0xdc:
          items += u16();
          break;
        case 0xdd:
          items += u32();
          break;
        case 0xde:
          items += 2 * u16();
          break;
        case 0xdf:
          items += 2 * u32();
          break;
        default:
          throw new CodecError("MALFORMED", `invalid MessagePack format byte 0x${b.toString(16)}`);
      }
    // Every item takes at least one byte: a count beyond what is left is a lie.
    if (items > remaining()) throw truncated();
  }
}
