/**
 * Issue 10's done-when: mutated and truncated versions of the example and
 * fixture IDL files never crash the compiler, and every diagnostic points
 * inside its file, on a character boundary, with a line and column that
 * match its offset. Seeded (FUZZ_SEED to replay) and bounded in time
 * (FUZZ_MS, default 2.5 s) so `npm test` stays quick; the real CLI then
 * runs once over the worst inputs of issue 10 and must exit 0 or 1 without
 * a stack trace.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compile, type Diagnostic } from "../../../compiler/index.js";
import { formatDiagnostic } from "../../../compiler/diagnostics.js";
import { chainToNext, longTypo, randomTokens } from "../../../bench/compiler/pathological.js";
import { cliPath, repoRoot, run } from "../../helpers/generate.js";

const SEED = Number(process.env["FUZZ_SEED"] ?? 20261202);
const BUDGET_MS = Number(process.env["FUZZ_MS"] ?? 2500);
/** Cases at most, whatever the budget (loops are bounded). */
const MAX_CASES = 2000;

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The sources to mutate: groups of files that import each other, as they sit in the repository. */
function corpus(): { dir: string; files: Record<string, string> }[] {
  const groups = ["idl-examples/shop", "test/fixtures/frontend", "test/fixtures/emit", "test/fixtures/emit/multi"];
  return groups.map((g) => {
    const dir = path.join(repoRoot, g);
    const files: Record<string, string> = {};
    for (const f of fs.readdirSync(dir)) if (f.endsWith(".idl")) files[f] = fs.readFileSync(path.join(dir, f), "utf8");
    return { dir: g, files };
  });
}

/** Pieces an editor or a paste puts in the middle of a file. */
const insertions = [
  "{", "}", "<", ">", "[", "]", "(", ")", ";", ",", "=", "@", ".", ":", "\"", "/*", "*/", "//", "\\", "\n", "\t", "\u0000",
  "😀", "\ud83d", "\u{1F600}", "\\u{D800}", "\\u{110000}", "list<", "map<", "1:", "optional", "struct", "service", "import",
  "package", "const", "0x", "-", "9999999999999999999999", "1e999", "250ms", "@len(max = 9007199254740993)", "@pattern(\"[\")",
];

/** One random edit of `text`: truncate, delete, duplicate, insert, or repeat an opener many times. */
function mutate(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  const span = Math.floor(rnd() * 40);
  switch (Math.floor(rnd() * 6)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + text.slice(at + span);
    case 2:
      return text.slice(0, at) + text.slice(at, at + span).repeat(1 + Math.floor(rnd() * 5)) + text.slice(at);
    case 3: {
      const piece = insertions[Math.floor(rnd() * insertions.length)]!;
      return text.slice(0, at) + piece + text.slice(at);
    }
    case 4: {
      const opener = ["[", "list<", "map<string, ", "@x(["][Math.floor(rnd() * 4)]!;
      return text.slice(0, at) + opener.repeat(1 + Math.floor(rnd() * 120)) + text.slice(at);
    }
    default: {
      const from = Math.floor(rnd() * text.length);
      return text.slice(0, at) + text.slice(from, from + span) + text.slice(at);
    }
  }
}

function isLowHalfOfPair(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const p = text.charCodeAt(i - 1);
  return i > 0 && c >= 0xdc00 && c <= 0xdfff && p >= 0xd800 && p <= 0xdbff;
}

/** Line and code-point column of an offset, computed the slow, obvious way. */
function lineColumn(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset);
  const lineStart = Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1;
  // "\r\n" ends one line, a lone "\r" too.
  const line = before.split(/\r\n|\r|\n/).length;
  return [line, Array.from(text.slice(lineStart, offset)).length + 1];
}

/** Why a diagnostic is malformed, or undefined. */
function problem(d: Diagnostic, text: string | undefined): string | undefined {
  if (text === undefined) return `points into a file that is not an input: ${d.span.file}`;
  const { start, end } = d.span;
  if (!(start.offset >= 0 && start.offset <= end.offset && end.offset <= text.length)) return `offsets ${start.offset}..${end.offset} outside 0..${text.length}`;
  if (isLowHalfOfPair(text, start.offset) || isLowHalfOfPair(text, end.offset)) return "span splits a surrogate pair";
  for (const p of [start, end]) {
    const [line, column] = lineColumn(text, p.offset);
    if (p.line !== line || p.column !== column) return `offset ${p.offset} is ${line}:${column}, not ${p.line}:${p.column}`;
  }
  if (d.message.includes("\u0000")) return "message holds a NUL";
  formatDiagnostic(d, { color: false, source: () => text });
  return undefined;
}

describe("compiler fuzzing (issue 10)", function () {
  this.timeout(BUDGET_MS + 30_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rpcgen-fuzz-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`never throws on mutated and truncated examples; every diagnostic is whole (seed ${SEED})`, () => {
    const groups = corpus();
    const rnd = random(SEED);
    const started = performance.now();
    let cases = 0;
    while (cases < MAX_CASES && performance.now() - started < BUDGET_MS) {
      const group = groups[cases % groups.length]!;
      const names = Object.keys(group.files);
      const target = names[Math.floor(rnd() * names.length)]!;
      let text = group.files[target]!;
      for (let edits = 1 + Math.floor(rnd() * 3); edits > 0; edits--) text = mutate(text, rnd);
      const caseDir = path.join(dir, String(cases));
      fs.mkdirSync(caseDir);
      const written: Record<string, string> = { ...group.files, [target]: text };
      for (const [name, body] of Object.entries(written)) fs.writeFileSync(path.join(caseDir, name), body);
      const where = `case ${cases} (seed ${SEED}): ${group.dir}/${target} mutated, kept in ${caseDir}`;
      let diagnostics: Diagnostic[];
      try {
        // Mostly --check; every fourth case goes through emission too.
        diagnostics = compile([caseDir], { outDir: path.join(caseDir, "out"), check: cases % 4 !== 0 }).diagnostics;
      } catch (e) {
        throw new Error(`${where}: compile() threw ${e instanceof Error ? e.stack : String(e)}`);
      }
      for (const d of diagnostics) {
        const bad = problem(d, written[path.basename(d.span.file)]);
        if (bad !== undefined) throw new Error(`${where}: ${d.code} ${bad}`);
      }
      fs.rmSync(caseDir, { recursive: true, force: true });
      cases++;
    }
    expect(cases).to.be.greaterThan(0);
  });

  it("the CLI exits 0 or 1 without a stack trace on issue 10's worst inputs", async () => {
    const inputs: Record<string, string> = {
      "nest-values.idl": `const list<int32> X = ${"[".repeat(500)}${"]".repeat(500)};`,
      "nest-types.idl": `struct S { 1: ${"list<".repeat(700)}int32${">".repeat(700)} a; }`,
      "nest-annotation.idl": `struct S { 1: string a @x(v = ${"[".repeat(48)}1${"]".repeat(48)}); }`,
      "random.idl": randomTokens(100_000),
      "typo.idl": longTypo(16_000),
      "chain.idl": chainToNext(1000).replace("package p;", "package q;"),
      "chars.idl": 'struct A {} 😀\nconst string S = "x\u0000y\\u{D800}";\n@len(max = 9007199254740993) struct L { 1: string s @len(max = 9007199254740993); }',
    };
    for (const [name, body] of Object.entries(inputs)) fs.writeFileSync(path.join(dir, name), body);
    for (const format of ["text", "json"]) {
      const r = await run(process.execPath, [cliPath, "--check", "--diagnostics", format, dir], dir);
      expect(r.code, r.stderr.slice(0, 500)).to.equal(1);
      expect(r.stderr).to.not.match(/\n\s+at .+:\d+:\d+\)?\n/);
      if (format === "json") for (const line of r.stdout.trim().split("\n")) expect(() => JSON.parse(line) as unknown).to.not.throw();
    }
  });
});
