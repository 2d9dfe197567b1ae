/** How messages quote source text: escaped where invisible, clipped where long, never half a character. */

/** Code points a message shows of a token at most. */
const MAX_SHOWN = 40;

/** One code point as a message shows it: control characters and lone surrogates by code. */
export function printableChar(cp: number): string {
  const lone = cp >= 0xd800 && cp <= 0xdfff;
  return cp < 32 || cp === 127 || lone ? `\\u{${cp.toString(16)}}` : String.fromCodePoint(cp);
}

/** `text` for a message: at most {@link MAX_SHOWN} code points (then "..."), each {@link printableChar}. */
export function printable(text: string): string {
  let out = "";
  let shown = 0;
  for (let i = 0; i < text.length; shown++) {
    if (shown === MAX_SHOWN) return `${out}...`;
    const cp = text.codePointAt(i)!;
    out += printableChar(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}
