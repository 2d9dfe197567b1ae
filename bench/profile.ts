/**
 * Reads the .cpuprofile files that `--profile` makes (node --cpu-prof) and
 * summarises where the time goes: self time by function and by area, and
 * inclusive time of the project's own functions. Usable alone:
 * `node dist/bench/profile.js <dir-with-cpuprofiles> [top]`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives, coarse enough to read at a glance. */
function area(url: string, name: string): string {
  if (url === "") return name.startsWith("(") ? name : "(native)";
  if (url.includes("/dist/runtime/")) return "rpcgen " + url.slice(url.indexOf("/dist/runtime/") + 6).replace(/\.js$/, "");
  if (url.includes("/bench-gen/")) return "generated code";
  if (url.includes("/dist/bench/")) return "bench harness";
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) return url.slice(nm + 14).split("/").slice(0, url.slice(nm + 14).startsWith("@") ? 2 : 1).join("/");
  if (url.startsWith("node:")) return url;
  return url;
}

function key(node: ProfileNode): string {
  const f = node.callFrame;
  const file = f.url === "" ? "" : ` ${shortUrl(f.url)}:${f.lineNumber + 1}`;
  return `${f.functionName || "(anonymous)"}${file}`;
}

function shortUrl(url: string): string {
  const i = url.indexOf("/dist/");
  if (i >= 0) return url.slice(i + 6);
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) return url.slice(nm + 14);
  const g = url.indexOf("/bench-gen/");
  return g >= 0 ? url.slice(g + 1) : url;
}

/** Self and inclusive microseconds per function, self per area, for one profile. */
export function analyzeProfile(profile: CpuProfile): { totalUs: number; self: Map<string, number>; inclusive: Map<string, number>; areas: Map<string, number> } {
  const byId = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const selfById = new Map<number, number>();
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = Math.max(0, profile.timeDeltas[i] ?? 0);
    const id = profile.samples[i]!;
    selfById.set(id, (selfById.get(id) ?? 0) + dt);
    totalUs += dt;
  }
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const root = profile.nodes[0];
  // Depth-first: inclusive time of a function counted once per stack (recursion not doubled).
  const visit = (node: ProfileNode, onStack: Map<string, number>): number => {
    const k = key(node);
    let sum = selfById.get(node.id) ?? 0;
    self.set(k, (self.get(k) ?? 0) + sum);
    const a = area(node.callFrame.url, node.callFrame.functionName);
    areas.set(a, (areas.get(a) ?? 0) + sum);
    onStack.set(k, (onStack.get(k) ?? 0) + 1);
    for (const child of node.children ?? []) {
      const c = byId.get(child);
      if (c !== undefined) sum += visit(c, onStack);
    }
    const depth = onStack.get(k)! - 1;
    if (depth === 0) onStack.delete(k);
    else onStack.set(k, depth);
    if (depth === 0) inclusive.set(k, (inclusive.get(k) ?? 0) + sum);
    return sum;
  };
  if (root !== undefined) visit(root, new Map());
  return { totalUs, self, inclusive, areas };
}

function top(map: Map<string, number>, total: number, n: number, filter: (k: string) => boolean = () => true): string[] {
  return [...map.entries()]
    .filter(([k]) => filter(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `  ${((us * 100) / total).toFixed(1).padStart(5)} %  ${k}`);
}

/** A text summary of every .cpuprofile under `dir` (searched recursively). */
export function summarizeProfiles(dir: string, n = 20): string {
  const files = findProfiles(dir);
  if (files.length === 0) return `no .cpuprofile files under ${dir}`;
  const out: string[] = [];
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
    const { totalUs, self, inclusive, areas } = analyzeProfile(profile);
    const busy = totalUs - (areas.get("(idle)") ?? 0);
    out.push(`== ${file.slice(dir.length + 1)}  (${(totalUs / 1e6).toFixed(2)} s sampled, ${((busy * 100) / totalUs).toFixed(1)} % busy; percentages of busy time)`);
    areas.delete("(idle)");
    self.delete("(idle)");
    out.push(" self time by area:", ...top(areas, busy, n));
    out.push(" self time by function:", ...top(self, busy, n));
    out.push(" inclusive time, rpcgen runtime and generated code:", ...top(inclusive, busy, n, (k) => k.includes(" runtime/") || k.includes("bench-gen/")));
    out.push("");
  }
  return out.join("\n");
}

function findProfiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...findProfiles(path));
    else if (entry.endsWith(".cpuprofile")) found.push(path);
  }
  return found.sort();
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1] && basename(process.argv[1]) === "profile.js") {
  const dir = process.argv[2];
  if (dir === undefined) {
    console.error("usage: node dist/bench/profile.js <dir-with-cpuprofiles> [top]");
    process.exit(2);
  }
  console.log(summarizeProfiles(dir, Number(process.argv[3] ?? 20)));
}
