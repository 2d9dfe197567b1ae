/**
 * Pathological compiler inputs (issue 10, item 2): shapes that used to take
 * superlinear time. Each case builds one IDL text; the bench runs it through
 * compile() and reports wall time. Timings live here, never in tests.
 */

export interface PathologicalCase {
  name: string;
  /** What the case is, for the table. */
  describe: string;
  /** `--check` (parse and check only) or a full compile with emission. */
  check: boolean;
  text: () => string;
}

/** `const int32 C0 = C1; ... C{n-1} = 1;`: each defined by the next one. */
export function chainToNext(n: number): string {
  const lines: string[] = ["package p;"];
  for (let i = 0; i < n - 1; i++) lines.push(`const int32 C${i} = C${i + 1};`);
  lines.push(`const int32 C${n - 1} = 1;`);
  return lines.join("\n");
}

/** `const int32 C0 = 1; C1 = C0; ...`: each defined by the previous one. */
export function chainToPrevious(n: number): string {
  const lines: string[] = ["package p;", "const int32 C0 = 1;"];
  for (let i = 1; i < n; i++) lines.push(`const int32 C${i} = C${i - 1};`);
  return lines.join("\n");
}

/** `n` structs, each with a field of an unknown type one letter away from a declared one. */
export function unknownTypes(n: number): string {
  const lines: string[] = ["package p;"];
  for (let i = 0; i < n; i++) lines.push(`struct S${i} { 1: T${i} f; }`);
  return lines.join("\n");
}

/** A struct with a `length`-character name, used with its last letter changed. */
export function longTypo(length: number): string {
  const name = "A".repeat(length - 1);
  return `package p;\nstruct ${name}B { 1: string s; }\nstruct User { 1: ${name}C f; }\n`;
}

/** A valid file of about `bytes` bytes: structs with fields, enums and a service. */
export function largeValid(bytes: number): string {
  const parts: string[] = ["package big;\n"];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const block =
      `/** Struct ${i}. */\nstruct S${i} {\n  1: string id @len(min = 1, max = 64);\n  2: int32 count = 1;\n` +
      `  3: optional list<string> tags;\n  4: map<string, int64> counters;\n${i > 0 ? `  5: optional S${i - 1} prev;\n` : ""}}\n` +
      `enum E${i} { A; B; C; }\n`;
    parts.push(block);
    size += block.length;
  }
  parts.push("service Big {\n");
  for (let i = 0; i < 50; i++) parts.push(`  S${i} get${i}(1: string id) ;\n`);
  parts.push("}\n");
  return parts.join("");
}

/** `bytes` of tokens drawn from a seeded generator: keywords, names, punctuation, literals. */
export function randomTokens(bytes: number, seed = 1): string {
  const pieces = ["struct", "service", "{", "}", "(", ")", "<", ">", ";", ":", ",", "=", "@", "list", "map", "X", "1:", '"s"', "const", "[", "]", "."];
  let state = seed >>> 0;
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const p = pieces[state % pieces.length]!;
    parts.push(p);
    size += p.length + 1;
  }
  return parts.join(" ");
}

/** Item 2's cases at the sizes the issue measured them. */
export const pathologicalCases: PathologicalCase[] = [
  { name: "chain-next-1000", describe: "1,000 constants each defined by the next (full compile)", check: false, text: () => chainToNext(1000) },
  { name: "chain-prev-8000", describe: "8,000 constants each defined by the previous (--check)", check: true, text: () => chainToPrevious(8000) },
  { name: "chain-prev-10000", describe: "10,000 constants each defined by the previous (--check)", check: true, text: () => chainToPrevious(10000) },
  { name: "unknown-types-3000", describe: "3,000 unknown type names (--check)", check: true, text: () => unknownTypes(3000) },
  { name: "unknown-types-4000", describe: "4,000 unknown type names (--check)", check: true, text: () => unknownTypes(4000) },
  { name: "long-typo-16000", describe: "16,000-character type name with a typo (--check)", check: true, text: () => longTypo(16000) },
  { name: "valid-5mb-check", describe: "valid 5 MB file (--check)", check: true, text: () => largeValid(5_000_000) },
  { name: "valid-5mb-full", describe: "valid 5 MB file (full compile)", check: false, text: () => largeValid(5_000_000) },
  { name: "random-400kb", describe: "400 KB of random tokens (--check)", check: true, text: () => randomTokens(400_000) },
  { name: "random-5mb", describe: "5 MB of random tokens (--check)", check: true, text: () => randomTokens(5_000_000) },
];
