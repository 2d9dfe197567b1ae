#!/usr/bin/env node
/**
 * The `rpcgen` command: arguments -> compile() -> files written, diagnostics
 * printed, exit status. Exit 0: success (warnings allowed); 1: diagnostics with
 * errors; 2: bad usage (unknown option, no inputs, missing input path, bad config).
 *
 * Human output (diagnostics, summaries) goes to stderr; with
 * `--diagnostics json`, stdout carries one JSON object per diagnostic.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { watch } from "chokidar";
import { Command, CommanderError, Option } from "commander";
import { compile, DEFAULT_OUT_DIR, removeStale, staleGeneratedFiles, DEFAULT_RUNTIME_SPECIFIER, UsageError, type CompileResult, type GeneratedFile } from "../compiler/index.js";
import { diagnosticToJson, formatDiagnostics } from "../compiler/diagnostics.js";

/** The config file read from the working directory, when present. */
const CONFIG_FILE = "rpcgen.config.json";

interface CliOptions {
  out: string;
  include?: string[];
  runtime: string;
  knownAnnotation?: string[];
  check?: boolean;
  clean?: boolean;
  watch?: boolean;
  diagnostics: "text" | "json";
}

function packageVersion(): string {
  const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../package.json");
  const parsed: unknown = JSON.parse(fs.readFileSync(pkg, "utf8"));
  return typeof parsed === "object" && parsed !== null && "version" in parsed && typeof parsed.version === "string" ? parsed.version : "0.0.0";
}

/** Where the command writes: the process's streams, or a test's buffers (the CLI tests run it in-process). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour the diagnostics (a TTY without NO_COLOR). */
  readonly color: boolean;
}

/** Ends the command with an exit status (bad usage, --help, --version) without leaving the process. */
class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function usageError(io: CliIo, message: string): never {
  io.stderr(`rpcgen: ${message}\n`);
  throw new Exit(2);
}

/** `knownAnnotations` from rpcgen.config.json in cwd; a malformed file is a usage error. */
function readConfig(io: CliIo, cwd: string): { knownAnnotations: string[] } {
  const file = path.join(cwd, CONFIG_FILE);
  if (!fs.existsSync(file)) return { knownAnnotations: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    usageError(io, `${CONFIG_FILE}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) usageError(io, `${CONFIG_FILE}: expected a JSON object`);
  const known: unknown = (parsed as Record<string, unknown>)["knownAnnotations"] ?? [];
  if (!Array.isArray(known) || !known.every((k): k is string => typeof k === "string")) {
    usageError(io, `${CONFIG_FILE}: "knownAnnotations" must be an array of annotation names, e.g. ["auth"]`);
  }
  for (const key of Object.keys(parsed)) {
    if (key !== "knownAnnotations") io.stderr(`rpcgen: ${CONFIG_FILE}: unknown key "${key}" ignored\n`);
  }
  return { knownAnnotations: known };
}

function parseArgs(io: CliIo, argv: readonly string[]): { inputs: string[]; options: CliOptions } {
  const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
  const program = new Command()
    .name("rpcgen")
    .description("Compile IDL files to typed TypeScript clients, servers and schemas.")
    .argument("<inputs...>", "IDL files, or directories to compile every .idl below")
    .option("-o, --out <dir>", "where generated modules go", DEFAULT_OUT_DIR)
    .option("-I, --include <dir>", "extra import root (repeatable)", collect)
    .option("--runtime <specifier>", "module the generated code imports the runtime from", DEFAULT_RUNTIME_SPECIFIER)
    .option("--known-annotation <name>", `annotation not to warn about (repeatable; also "knownAnnotations" in ${CONFIG_FILE})`, collect)
    .option("--check", "parse and check only; write nothing")
    .option("--clean", "remove generated files in the output directory whose .idl is gone")
    .option("--watch", "compile, then recompile on every change until stopped")
    .addOption(new Option("--diagnostics <format>", "diagnostics format").choices(["text", "json"]).default("text"))
    .version(packageVersion(), "--version", "print the version")
    .helpOption("-h, --help", "print this help")
    .addHelpText("after", "\nExit status: 0 success (warnings allowed), 1 errors, 2 bad usage.\nrpcgen call --help: call a running service from its IDL.")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) });
  try {
    program.parse(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      const ok = e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help";
      throw new Exit(ok ? 0 : 2);
    }
    throw e;
  }
  return { inputs: program.args, options: program.opts<CliOptions>() };
}

/** Write generated files, leaving unchanged ones untouched (build tools watch mtimes). */
function writeFiles(files: readonly GeneratedFile[]): void {
  for (const f of files) {
    const existing = fs.existsSync(f.path) ? fs.readFileSync(f.path, "utf8") : undefined;
    if (existing === f.text) continue;
    fs.mkdirSync(path.dirname(f.path), { recursive: true });
    fs.writeFileSync(f.path, f.text);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

interface RunOutcome {
  exitCode: number;
  summary: string;
  result?: CompileResult;
}

function run(io: CliIo, inputs: string[], options: CliOptions, knownAnnotations: string[]): RunOutcome {
  const started = performance.now();
  let result: CompileResult;
  try {
    result = compile(inputs, {
      outDir: options.out,
      includeDirs: options.include ?? [],
      runtimeSpecifier: options.runtime,
      knownAnnotations,
      check: options.check === true,
    });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`rpcgen: ${e.message}\n`);
    return { exitCode: 2, summary: e.message };
  }
  const errors = result.diagnostics.filter((d) => d.category === "error").length;
  const warnings = result.diagnostics.length - errors;
  if (options.diagnostics === "json") {
    for (const d of result.diagnostics) io.stdout(`${JSON.stringify(diagnosticToJson(d))}\n`);
  } else {
    io.stderr(formatDiagnostics(result.diagnostics, { color: io.color, cwd: process.cwd() }));
  }
  writeFiles(result.files);
  // Only after a run that wrote its output: a run with errors writes nothing and removes nothing.
  const cleaned =
    options.clean === true && options.check !== true && errors === 0
      ? removeStale(options.out, staleGeneratedFiles(options.out, result.files.map((f) => f.path)))
      : [];
  const ms = Math.round(performance.now() - started);
  const removed = cleaned.length > 0 ? `, removed ${plural(cleaned.length, "stale generated file")}` : "";
  const summary = `${plural(result.inputs.length, "file")}, ${plural(errors, "error")}, ${plural(warnings, "warning")}${removed} (${ms} ms)`;
  return { exitCode: errors > 0 ? 1 : 0, summary, result };
}

/** Recompile on every change of an input or an imported file; one summary line per run. */
function watchMode(io: CliIo, inputs: string[], options: CliOptions, knownAnnotations: string[], first: RunOutcome): void {
  const stamp = (): string => new Date().toTimeString().slice(0, 8);
  const print = (o: RunOutcome): void => {
    io.stderr(`[${stamp()}] ${o.summary}\n`);
  };
  const watched = new Set(inputs.map((i) => path.resolve(i)));
  for (const s of first.result?.sources ?? []) watched.add(s);
  const watcher = watch([...watched], { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 } });
  let timer: NodeJS.Timeout | undefined;
  const rerun = (): void => {
    timer = undefined;
    const outcome = run(io, inputs, options, knownAnnotations);
    print(outcome);
    const added = (outcome.result?.sources ?? []).filter((s) => !watched.has(s));
    for (const s of added) watched.add(s);
    if (added.length > 0) watcher.add(added);
  };
  watcher.on("all", (_event, file) => {
    if (!file.endsWith(".idl")) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(rerun, 50);
  });
  print(first);
  const stop = (): void => {
    void watcher.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/**
 * `rpcgen [options] inputs...` in the current directory: compiles, prints,
 * writes, and returns the exit status; `--watch` keeps running (returns
 * undefined). Never exits the process, so tests run it in-process.
 */
export function compileCommand(argv: readonly string[], io: CliIo): number | undefined {
  try {
    const { inputs, options } = parseArgs(io, argv);
    const config = readConfig(io, process.cwd());
    const known = [...config.knownAnnotations, ...(options.knownAnnotation ?? [])];
    // A missing input is bad usage even in watch mode: there is nothing to watch.
    for (const input of inputs) if (!fs.existsSync(input)) usageError(io, `input not found: ${input}`);
    const first = run(io, inputs, options, known);
    if (options.watch === true) {
      watchMode(io, inputs, options, known, first);
      return undefined;
    }
    if (options.diagnostics === "text") io.stderr(`rpcgen: ${first.summary}\n`);
    return first.exitCode;
  } catch (e) {
    if (e instanceof Exit) return e.code;
    throw e;
  }
}

function main(): void {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color: process.stderr.isTTY === true && process.env["NO_COLOR"] === undefined,
  };
  const code = compileCommand(process.argv.slice(2), io);
  if (code !== undefined) process.exitCode = code;
}

/** `rpcgen call ...`: loaded only when asked, so compiling never loads the runtime. */
async function callCommand(): Promise<void> {
  const { callMain } = await import("./call/cli.js");
  const code = await callMain(process.argv.slice(3), process.stdin, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
  process.exitCode = code;
  // A registry client that lingers must not keep a script waiting; unref'd, so a clean exit is not delayed.
  setTimeout(() => process.exit(code), 2000).unref();
}

// Run only as the program, not when a test imports compileCommand.
const invoked = process.argv[1] === undefined ? "" : fs.realpathSync(process.argv[1]);
if (invoked === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === "call") void callCommand();
  else main();
}
