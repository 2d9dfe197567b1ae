/**
 * The `rpcgen call` command line: argv -> CallCommand -> runCall() -> exit
 * status. Option parsing and reading `-d @-` / `-d @file` live here; the call
 * itself is call.ts.
 */
import * as fs from "node:fs";
import type { Readable } from "node:stream";
import { Command, CommanderError } from "commander";
import { EXIT_OK, EXIT_USAGE, runCall, type CallCommand, type CallOutput } from "./call.js";
import { CallUsageError } from "./load-idl.js";

interface CallFlags {
  idl?: string[];
  include?: string[];
  target?: string;
  data?: string;
  metadata?: string[];
  timeout?: string;
  app?: string[];
  list?: boolean;
  compact?: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** `k=v` pairs -> a record; `what` names the option in the message. */
export function parsePairs(pairs: readonly string[], what: string): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const p of pairs) {
    const eq = p.indexOf("=");
    if (eq <= 0) throw new CallUsageError(`${what} takes key=value, got ${JSON.stringify(p)}`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

const UNITS: Readonly<Record<string, number>> = { "": 1, ms: 1, s: 1000, m: 60_000 };

/** `500`, `500ms`, `2s`, `1.5s`, `1m` -> milliseconds. */
export function parseTimeout(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  const ms = m === null ? NaN : Number(m[1]) * UNITS[m[2] ?? ""]!;
  if (!(ms > 0)) throw new CallUsageError(`--timeout takes a positive duration (500, 500ms, 2s, 1m), got ${JSON.stringify(text)}`);
  return Math.ceil(ms);
}

/** The arguments' text: `@-` reads stdin to its end, `@path` a file, anything else is the JSON itself. */
export async function readData(spec: string | undefined, stdin: Readable): Promise<string | undefined> {
  if (spec === undefined || !spec.startsWith("@")) return spec;
  if (spec === "@-") {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString("utf8");
  }
  try {
    return fs.readFileSync(spec.slice(1), "utf8");
  } catch (e) {
    throw new CallUsageError(`cannot read the arguments from ${spec.slice(1)}: ${(e as Error).message}`);
  }
}

function program(): Command {
  return new Command()
    .name("rpcgen call")
    .description("Call a method of a running service, described by its IDL; prints the result as JSON.")
    .argument("[method]", "service/method, e.g. shop.orders.OrderService/get")
    .argument("[json]", "the arguments: a JSON object keyed by parameter name (default {})")
    .option("--idl <path>", "IDL file or directory (repeatable)", collect)
    .option("-I, --include <dir>", "extra import root (repeatable)", collect)
    .option("--target <url>", "static://host:port[,host:port], redis://host:port, etcd://host:port, ...")
    .option("-d, --data <json>", "the arguments; @- reads them from stdin, @file from a file")
    .option("-m, --metadata <key=value>", "call metadata (repeatable)", collect)
    .option("--timeout <duration>", "deadline of the call: 500, 500ms, 2s, 1m (default: the method's @timeout, else 10s)")
    .option("--app <service=application>", "for servers registered per application (repeatable)", collect)
    .option("--list", "list the services and methods of the IDL with their signatures")
    .option("--compact", "print the result on one line")
    .helpOption("-h, --help", "print this help")
    .addHelpText("after", "\nExit status: 0 success, 1 the call failed (error printed on stderr), 2 bad usage (nothing sent).\nThe JSON form of each IDL type is in docs/cli.md.")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
}

/** `rpcgen call ...` with argv after `call`; resolves with the exit status. */
export async function callMain(args: readonly string[], stdin: Readable, out: CallOutput): Promise<number> {
  const cmd = program();
  try {
    cmd.parse([...args], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.code === "commander.helpDisplayed" || e.code === "commander.help" ? EXIT_OK : EXIT_USAGE;
    throw e;
  }
  const flags = cmd.opts<CallFlags>();
  const [method, json] = cmd.args;
  try {
    if (json !== undefined && flags.data !== undefined) throw new CallUsageError("give the arguments once: as the argument after the method or with -d");
    const command: CallCommand = {
      idl: flags.idl ?? [],
      includeDirs: flags.include ?? [],
      list: flags.list === true,
      pretty: flags.compact !== true,
      ...(flags.target === undefined ? {} : { target: flags.target }),
      ...(method === undefined ? {} : { method }),
      ...(flags.metadata === undefined ? {} : { metadata: parsePairs(flags.metadata, "--metadata") }),
      ...(flags.app === undefined ? {} : { applications: parsePairs(flags.app, "--app") }),
      ...(flags.timeout === undefined ? {} : { timeoutMs: parseTimeout(flags.timeout) }),
    };
    const data = await readData(json ?? flags.data, stdin);
    return await runCall(data === undefined ? command : { ...command, data }, out);
  } catch (e) {
    if (!(e instanceof CallUsageError)) throw e;
    out.stderr(`rpcgen call: ${e.message}\n`);
    return EXIT_USAGE;
  }
}
