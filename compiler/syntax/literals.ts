/** Decoding of string literal bodies. */

/**
 * Called for a bad escape: offset and length within the body, the escape as
 * written, and whether it is a lone surrogate (`\u{D800}`: a well-formed
 * escape of something that is not a character).
 */
export type EscapeErrorSink = (offset: number, length: number, text: string, loneSurrogate: boolean) => void;

const simple: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", t: "\t", r: "\r" };

/**
 * Decode `\"`, `\\`, `\n`, `\t`, `\r` and `\u{hex}` (1 to 6 digits, at most
 * 10FFFF, not a surrogate: D800 to DFFF are halves of UTF-16 pairs, and a
 * string holding one alone cannot be encoded as UTF-8). A bad escape is
 * reported and kept as written so decoding goes on.
 */
export function decodeString(body: string, onError: EscapeErrorSink): string {
  if (!body.includes("\\")) return body;
  let out = "";
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    const next = body[i + 1];
    if (next !== undefined && simple[next] !== undefined) {
      out += simple[next];
      i += 2;
      continue;
    }
    if (next === "u") {
      const m = /^\{([0-9a-fA-F]{1,6})\}/.exec(body.slice(i + 2));
      const cp = m === null ? NaN : parseInt(m[1]!, 16);
      const lone = cp >= 0xd800 && cp <= 0xdfff;
      if (m !== null && cp <= 0x10ffff && !lone) {
        out += String.fromCodePoint(cp);
        i += 2 + m[0].length;
        continue;
      }
      const bad = /^u(\{[^}]*\}?)?/.exec(body.slice(i + 1))![0];
      onError(i, 1 + bad.length, "\\" + bad, lone);
      out += "\\" + bad;
      i += 1 + bad.length;
      continue;
    }
    const bad = next === undefined ? "\\" : "\\" + next;
    onError(i, bad.length, bad, false);
    out += bad;
    i += bad.length;
  }
  return out;
}
