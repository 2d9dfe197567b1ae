/**
 * The CLI as a user runs it: exit statuses, output layout, JSON diagnostics,
 * config file, watch mode. Most cases run the command in-process (its
 * compileCommand, with the working directory set as a shell would); the
 * built binary itself (node dist/bin/rpcgen.js) is run for --version, bad
 * usage and watch mode.
 */
import { spawn } from "node:child_process";
import type { Diagnostic } from "../../compiler/diagnostics.js";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { compileCommand } from "../../bin/rpcgen.js";
import { cliPath, repoRoot, run } from "../helpers/generate.js";

const pkgVersion = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built binary in a child process. */
function rpcgenProcess(args: string[], cwd: string): Promise<Outcome> {
  return run(process.execPath, [cliPath, ...args], cwd);
}

/** The same command in-process: synchronous, so the working directory is restored before anything else runs. */
function rpcgen(args: string[], cwd: string): Promise<Outcome> {
  const out: Outcome = { code: 0, stdout: "", stderr: "" };
  const here = process.cwd();
  process.chdir(cwd);
  try {
    const code = compileCommand(args, { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), color: false });
    if (code === undefined) throw new Error("--watch is run in a child process (rpcgenProcess)");
    out.code = code;
  } finally {
    process.chdir(here);
  }
  return Promise.resolve(out);
}

/** Write files (relative path -> text) under dir. */
function writeTree(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listTree(full).map((f) => `${e.name}/${f}`));
    else out.push(e.name);
  }
  return out.sort();
}

const good = "package t;\nstruct A { 1: string name; }\nservice S { A get(1: string id); }\n";

describe("cli: rpcgen", function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rpcgen-cli-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("--version prints the package version; --help the options and exit statuses", async () => {
    const v = await rpcgenProcess(["--version"], dir);
    expect(v.code).to.equal(0);
    expect(v.stdout.trim()).to.equal(pkgVersion);
    const h = await rpcgenProcess(["--help"], dir);
    expect(h.code).to.equal(0);
    for (const opt of ["--out", "--include", "--runtime", "--check", "--watch", "--diagnostics", "--known-annotation", "--version"]) {
      expect(h.stdout).to.contain(opt);
    }
    expect(h.stdout).to.contain("Exit status");
  });

  it("exits 2 on bad usage: no inputs, unknown option, missing input, bad --diagnostics, bad config", async () => {
    writeTree(dir, { "a.idl": good });
    // The binary's own exit status, then the same command in-process.
    const none = await rpcgenProcess([], dir);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.contain("missing required argument");
    expect((await rpcgen([], dir)).code).to.equal(2);
    expect((await rpcgen(["--frobnicate", "a.idl"], dir)).code).to.equal(2);
    const missing = await rpcgen(["nope.idl"], dir);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.contain("input not found: nope.idl");
    expect((await rpcgen(["--diagnostics", "xml", "a.idl"], dir)).code).to.equal(2);
    fs.writeFileSync(path.join(dir, "rpcgen.config.json"), '{ "knownAnnotations": "auth" }');
    const config = await rpcgen(["a.idl"], dir);
    expect(config.code).to.equal(2);
    expect(config.stderr).to.contain("knownAnnotations");
    expect(fs.existsSync(path.join(dir, "generated"))).to.equal(false);
  });

  it("exits 1 on errors, prints file:line:col with a caret, and writes nothing", async () => {
    writeTree(dir, { "bad.idl": "struct A {\n  1: strin name;\n}\n" });
    const r = await rpcgen(["-o", "out", "bad.idl"], dir);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain("bad.idl:2:6: error RPC2001: unknown type 'strin'");
    expect(r.stderr).to.contain(" 2 |   1: strin name;\n   |      ^^^^^");
    expect(r.stderr).to.not.contain("\u001b["); // no colors when stderr is not a TTY
    expect(fs.existsSync(path.join(dir, "out"))).to.equal(false);
  });

  it("exits 0 with warnings and writes the output (default ./generated)", async () => {
    writeTree(dir, { "w.idl": "@team(\"a\") struct A { 1: string x; }\n" });
    const r = await rpcgen(["w.idl"], dir);
    expect(r.code).to.equal(0);
    expect(r.stderr).to.contain("warning RPC2063");
    expect(listTree(path.join(dir, "generated"))).to.deep.equal(["w.ts"]);
  });

  it("--check parses and checks but writes nothing; emit name checks run too", async () => {
    writeTree(dir, { "a.idl": good, "then.idl": "service S { void then(); }\n" });
    const r = await rpcgen(["--check", "-o", "out", "a.idl"], dir);
    expect(r.code).to.equal(0);
    expect(fs.existsSync(path.join(dir, "out"))).to.equal(false);
    const names = await rpcgen(["--check", "then.idl"], dir);
    expect(names.code).to.equal(1);
    expect(names.stderr).to.contain("then.idl:1:18: error RPC3007");
    expect(names.stderr).to.contain("hint: rename it, for example to 'then_'");
  });

  it("-o mirrors a directory argument's layout; a file argument lands at the top", async () => {
    writeTree(dir, {
      "idl/top.idl": good,
      "idl/sub/deeper/x.idl": 'import "../../top.idl" as top;\nstruct X { 1: top.A a; }\n',
      "idl/notes.txt": "not IDL",
      "single/one.idl": "struct One { 1: int32 n; }\n",
    });
    const r = await rpcgen(["-o", "out", "idl", "single/one.idl"], dir);
    expect(r.code, r.stderr).to.equal(0);
    expect(listTree(path.join(dir, "out"))).to.deep.equal(["one.ts", "sub/deeper/x.ts", "top.ts"]);
    const x = fs.readFileSync(path.join(dir, "out/sub/deeper/x.ts"), "utf8");
    expect(x).to.contain('import * as top from "../../top.js";');
    expect(x.split("\n")[0]).to.equal("// Generated by rpcgen from sub/deeper/x.idl. Do not edit: changes are lost on the next run.");
  });

  it("-I adds import roots (repeatable)", async () => {
    writeTree(dir, {
      "lib1/money.idl": "struct Money { 1: int64 units; }\n",
      "lib2/ids.idl": "const string PREFIX = \"id-\";\n",
      "app/app.idl": 'import "money.idl";\nimport "ids.idl" as ids;\nstruct Price { 1: Money money; 2: string id = ids.PREFIX; }\n',
    });
    const without = await rpcgen(["--check", "app/app.idl"], dir);
    expect(without.code).to.equal(1);
    expect(without.stderr).to.contain("money.idl");
    const r = await rpcgen(["--check", "-I", "lib1", "--include", "lib2", "app/app.idl"], dir);
    expect(r.code, r.stderr).to.equal(0);
  });

  it("--runtime sets the module generated code imports the runtime from", async () => {
    writeTree(dir, { "a.idl": good });
    const r = await rpcgen(["--runtime", "@acme/rpc-runtime", "-o", "out", "a.idl"], dir);
    expect(r.code).to.equal(0);
    expect(fs.readFileSync(path.join(dir, "out/a.ts"), "utf8")).to.contain('from "@acme/rpc-runtime";');
  });

  it("--diagnostics json prints one JSON object per line on stdout", async () => {
    writeTree(dir, { "a.idl": "struct A {\n  1: strin x;\n  1: string y;\n}\n@auth(role = \"admin\") struct B { 1: string z; }\n" });
    const r = await rpcgen(["--diagnostics", "json", "a.idl"], dir);
    expect(r.code).to.equal(1);
    // The same fields as the Diagnostic objects compile() returns.
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Diagnostic);
    expect(lines.map((l) => [l.code, l.category, l.span.start.line])).to.deep.equal([
      ["RPC2001", "error", 2],
      ["RPC2011", "error", 3],
      ["RPC2063", "warning", 5],
    ]);
    const file = path.join(fs.realpathSync(dir), "a.idl");
    expect(lines[0]!.span).to.deep.equal({ file, start: { offset: 16, line: 2, column: 6 }, end: { offset: 21, line: 2, column: 11 } });
    expect(lines[0]!.message).to.equal("unknown type 'strin'");
    expect(lines[0]!.hint).to.equal("did you mean 'string'?");
    expect(lines[1]!.related).to.deep.equal([
      { message: "field ID 1 first used by 'x'", span: { file, start: { offset: 13, line: 2, column: 3 }, end: { offset: 14, line: 2, column: 4 } } },
    ]);
  });

  it("known annotations come from rpcgen.config.json and --known-annotation", async () => {
    writeTree(dir, { "a.idl": '@auth(role = "admin") @owner("x") struct A { 1: string x; }\n' });
    const warned = await rpcgen(["--check", "--diagnostics", "json", "a.idl"], dir);
    expect(warned.stdout.trim().split("\n")).to.have.length(2);
    fs.writeFileSync(path.join(dir, "rpcgen.config.json"), JSON.stringify({ knownAnnotations: ["auth"] }));
    const r = await rpcgen(["--check", "--diagnostics", "json", "--known-annotation", "owner", "a.idl"], dir);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal("");
  });

  it("--clean removes generated files whose .idl was deleted or renamed, and nothing else", async () => {
    writeTree(dir, { "idl/a.idl": good, "idl/sub/b.idl": "struct B { 1: string x; }\n" });
    expect((await rpcgen(["-o", "out", "idl"], dir)).code).to.equal(0);
    fs.writeFileSync(path.join(dir, "out/own.ts"), "// written by hand\n");
    fs.writeFileSync(path.join(dir, "other.ts"), fs.readFileSync(path.join(dir, "out/a.ts")));
    fs.renameSync(path.join(dir, "idl/sub/b.idl"), path.join(dir, "idl/c.idl"));
    // Without --clean the stale file stays.
    expect((await rpcgen(["-o", "out", "idl"], dir)).code).to.equal(0);
    expect(listTree(path.join(dir, "out"))).to.deep.equal(["a.ts", "c.ts", "own.ts", "sub/b.ts"]);
    // A run with errors removes nothing.
    fs.writeFileSync(path.join(dir, "idl/bad.idl"), "struct {");
    expect((await rpcgen(["--clean", "-o", "out", "idl"], dir)).code).to.equal(1);
    expect(listTree(path.join(dir, "out"))).to.deep.equal(["a.ts", "c.ts", "own.ts", "sub/b.ts"]);
    fs.rmSync(path.join(dir, "idl/bad.idl"));
    const r = await rpcgen(["--clean", "-o", "out", "idl"], dir);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain("removed 1 stale generated file");
    // The empty folder goes too; hand-written files and files outside the output directory stay.
    expect(listTree(path.join(dir, "out"))).to.deep.equal(["a.ts", "c.ts", "own.ts"]);
    expect(fs.existsSync(path.join(dir, "other.ts"))).to.equal(true);
  });

  it("is deterministic: two runs give byte-identical files", async () => {
    const shop = path.join(repoRoot, "idl-examples/shop");
    const one = await rpcgen(["-o", "one", shop], dir);
    expect(one.code, one.stderr).to.equal(0);
    const two = await rpcgen(["-o", "two", shop], dir);
    expect(two.code, two.stderr).to.equal(0);
    const files = listTree(path.join(dir, "one"));
    expect(files).to.have.length(5);
    expect(listTree(path.join(dir, "two"))).to.deep.equal(files);
    for (const f of files) {
      expect(fs.readFileSync(path.join(dir, "two", f)).equals(fs.readFileSync(path.join(dir, "one", f))), f).to.equal(true);
    }
  });

  it("--watch compiles, then recompiles on change with a summary line per run", async () => {
    writeTree(dir, { "idl/a.idl": good });
    const child = spawn(process.execPath, [cliPath, "--watch", "-o", "out", "idl"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    const summaries = (): string[] => stderr.split("\n").filter((l) => /^\[\d\d:\d\d:\d\d\] /.test(l));
    const waitFor = (count: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no summary #${count}; stderr:\n${stderr}`)), 30_000);
        const check = (): void => {
          if (summaries().length >= count) {
            clearTimeout(timer);
            child.stderr.off("data", check);
            resolve();
          }
        };
        child.stderr.on("data", check);
        check();
      });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
    });
    try {
      await waitFor(1);
      expect(summaries()[0]).to.match(/^\[\d\d:\d\d:\d\d\] 1 file, 0 errors, 0 warnings \(\d+ ms\)$/);
      expect(fs.existsSync(path.join(dir, "out/a.ts"))).to.equal(true);
      // Give the watcher a moment to be ready, then break the file.
      await new Promise((r) => setTimeout(r, 500));
      fs.writeFileSync(path.join(dir, "idl/a.idl"), "struct A { 1: strin x; }\n");
      await waitFor(2);
      expect(summaries()[1]).to.match(/ 1 file, 1 error, 0 warnings \(\d+ ms\)$/);
      expect(stderr).to.contain("error RPC2001");
      // A new file in the watched directory is picked up too.
      fs.writeFileSync(path.join(dir, "idl/a.idl"), good);
      fs.writeFileSync(path.join(dir, "idl/b.idl"), "struct B { 1: string x; }\n");
      await waitFor(3);
      await new Promise((r) => setTimeout(r, 300));
      expect(summaries().at(-1)).to.match(/ 2 files, 0 errors, 0 warnings/);
      expect(listTree(path.join(dir, "out"))).to.deep.equal(["a.ts", "b.ts"]);
      // So is a change of an imported file outside the watched directory.
      fs.writeFileSync(path.join(dir, "lib.idl"), "struct L { 1: string x; }\n");
      fs.writeFileSync(path.join(dir, "idl/b.idl"), 'import "../lib.idl";\nstruct B { 1: L l; }\n');
      await waitFor(4);
      await new Promise((r) => setTimeout(r, 300));
      fs.writeFileSync(path.join(dir, "lib.idl"), "struct L { 1: strin x; }\n");
      await waitFor(5);
      expect(summaries().at(-1)).to.match(/ 2 files, 1 error, 0 warnings/);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  });
});
