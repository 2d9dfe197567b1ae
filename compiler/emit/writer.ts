/**
 * The code writer for generated code (code-block-writer, the one ts-morph
 * re-exports): two-space indents, LF, double quotes. Interfaces and classes
 * are written through it (it keeps block indentation right); the large
 * schema literals are plain text built by js.ts, which is much cheaper than
 * passing them through the writer.
 *
 * It is imported on its own, not through ts-morph: ts-morph brings the whole
 * TypeScript compiler, which cost every full compile ~0.3 s of loading (0.8 s
 * on a loaded machine) for this one class.
 */
import CodeBlockWriter from "code-block-writer";

export function newWriter(): CodeBlockWriter {
  return new CodeBlockWriter({ newLine: "\n", indentNumberOfSpaces: 2, useTabs: false, useSingleQuote: false });
}

/** `header { ...members }` with each member on its own lines; members may start with a doc comment. */
export function writeBlock(header: string, members: readonly string[], separateMembers = false): string {
  const w = newWriter();
  w.write(header).block(() => {
    members.forEach((m, i) => {
      if (separateMembers && i > 0) w.blankLine();
      if (m !== "") w.write(m).newLineIfLastNot();
    });
  });
  return w.toString().trimEnd();
}

export type { CodeBlockWriter };
