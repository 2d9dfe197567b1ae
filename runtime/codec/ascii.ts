/**
 * Short ASCII strings out of bytes without a native call: for a handful of
 * characters, String.fromCharCode with explicit arguments is several times
 * faster than Buffer#toString.
 */

const fcc = String.fromCharCode;

/** Short ASCII strings: fromCharCode with explicit arguments is several times faster than a native slice call. */
export function shortAscii(b: Uint8Array, i: number, len: number): string {
  switch (len) {
    case 0:
      return "";
    case 1:
      return fcc(b[i]!);
    case 2:
      return fcc(b[i]!, b[i + 1]!);
    case 3:
      return fcc(b[i]!, b[i + 1]!, b[i + 2]!);
    case 4:
      return fcc(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!);
    case 5:
      return fcc(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!);
    case 6:
      return fcc(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!);
    case 7:
      return fcc(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!);
    case 8:
      return fcc(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    case 9:
      return fcc(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!, b[i + 8]!);
    case 10:
      return fcc(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!, b[i + 8]!, b[i + 9]!);
    case 11:
      return fcc(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!, b[i + 8]!, b[i + 9]!, b[i + 10]!);
    case 12:
      return fcc(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!, b[i + 8]!, b[i + 9]!, b[i + 10]!, b[i + 11]!);
    default:
      return fcc(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!) + shortAscii(b, i + 8, len - 8);
  }
}
