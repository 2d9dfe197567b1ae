/**
 * ts-morph's code writer, set up for generated code: two-space indents, LF,
 * double quotes. Interfaces and classes are written through it (it keeps
 * block indentation right); the large schema literals are plain text built
 * by js.ts, which is much cheaper than passing them through the writer or
 * parsing them into a ts-morph source file.
 */
import { createRequire } from "node:module";
import type { CodeBlockWriter } from "ts-morph";

type WriterClass = typeof CodeBlockWriter;
let writerClass: WriterClass | undefined;

/**
 * ts-morph is loaded on first use: it brings the whole TypeScript compiler
 * (~0.3 s), which `--check`, `--version` and failing runs never need.
 */
function loadWriterClass(): WriterClass {
  writerClass ??= (createRequire(import.meta.url)("ts-morph") as { CodeBlockWriter: WriterClass }).CodeBlockWriter;
  return writerClass;
}

export function newWriter(): CodeBlockWriter {
  const Writer = loadWriterClass();
  return new Writer({ newLine: "\n", indentNumberOfSpaces: 2, useTabs: false, useSingleQuote: false });
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
