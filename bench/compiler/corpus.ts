/**
 * A large synthetic IDL corpus for the compiler benchmark: `files` files,
 * each with `structsPerFile` structs, an enum, an error and a service, each
 * file importing the previous one (qualified) and the first one (unqualified),
 * whose service every other service extends.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface CorpusShape {
  files: number;
  structsPerFile: number;
  methodsPerService: number;
}

export const DEFAULT_SHAPE: CorpusShape = { files: 200, structsPerFile: 10, methodsPerService: 6 };

function fileText(i: number, shape: CorpusShape): string {
  const lines: string[] = [`/** Generated benchmark file ${i}. */`, `package bench.f${i};`, ""];
  if (i > 0) lines.push(`import "f0.idl";`);
  if (i > 1) lines.push(`import "f${i - 1}.idl" as prev;`);
  lines.push("", `const int32 LIMIT_${i} = ${100 + i};`, "");
  lines.push(`/** States of file ${i}. */`, `enum State${i} {`, "  NEW;", "  ACTIVE;", "  @deprecated(\"gone\") OLD = 10;", "  DONE;", "}", "");
  for (let s = 0; s < shape.structsPerFile; s++) {
    const name = `S${i}_${s}`;
    lines.push(`/** Struct ${s} of file ${i}. */`, `struct ${name} {`);
    lines.push(`  1: string id @len(min = 1, max = 64);`);
    lines.push(`  2: int32 count = 1 @range(min = 0, max = LIMIT_${i});`);
    lines.push(`  3: int64 version;`);
    lines.push(`  4: optional float64 ratio;`);
    lines.push(`  5: list<string> tags;`);
    lines.push(`  6: map<string, int64> counters;`);
    lines.push(`  7: State${i} state = State${i}.NEW;`);
    lines.push(`  8: timestamp at;`);
    if (s > 0) lines.push(`  9: optional S${i}_${s - 1} previous;`);
    if (i > 0) lines.push(`  10: optional S0_${s % shape.structsPerFile} root;`);
    if (i > 1) lines.push(`  11: optional prev.S${i - 1}_${s} older;`);
    lines.push("}", "");
  }
  lines.push(`union Choice${i} {`, "  1: string text;", `  2: S${i}_0 first;`, "}", "");
  lines.push(`error NotFound${i} {`, "  1: string id;", "  2: optional string detail;", "}", "");
  // Every service extends the small base service of f0 (a realistic shape: one shared health/admin base).
  lines.push(`@timeout(2s)`, i > 0 ? `service Service${i} extends Service0 {` : `service Service${i} {`);
  for (let m = 0; m < shape.methodsPerService; m++) {
    const struct = `S${i}_${m % shape.structsPerFile}`;
    if (m % 3 === 2) {
      lines.push(`  oneway void notify${i}_${m}(1: string event, 2: map<string, string> props);`);
    } else {
      lines.push(`  /** Method ${m}. */`, `  @idempotent`);
      lines.push(`  ${struct} call${i}_${m}(1: string id, 2: optional Choice${i} choice, 3: int32 limit = 20 @range(min = 1, max = 100)) throws (NotFound${i});`);
    }
  }
  lines.push("}", "");
  return lines.join("\n");
}

/** Write the corpus into `dir`; returns the number of structs and services written. */
export function writeCorpus(dir: string, shape: CorpusShape = DEFAULT_SHAPE): { structs: number; services: number } {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < shape.files; i++) fs.writeFileSync(path.join(dir, `f${i}.idl`), fileText(i, shape));
  return { structs: shape.files * shape.structsPerFile, services: shape.files };
}
