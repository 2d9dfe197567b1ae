/** A small parser of the Prometheus text exposition format (0.0.4), for tests that scrape /metrics. */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/y;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_m, c: string) => (c === "n" ? "\n" : c));
}

function parseValue(text: string): number {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  const n = Number(text);
  if (Number.isNaN(n) && text !== "NaN") throw new Error(`not a sample value: ${text}`);
  return n;
}

/** Every sample of a scrape; comments (# HELP, # TYPE) and blank lines skipped. Throws on a malformed line. */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = LINE.exec(line);
    if (m === null) throw new Error(`malformed sample line: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[2] ?? "";
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < body.length) {
      const start = LABEL.lastIndex;
      const l = LABEL.exec(body);
      if (l === null || LABEL.lastIndex === start) throw new Error(`malformed labels in: ${line}`);
      labels[l[1]!] = unescape(l[2]!);
    }
    samples.push({ name: m[1]!, labels, value: parseValue(m[3]!) });
  }
  return samples;
}

/**
 * The value of the one sample named `name` whose labels include `labels`;
 * 0 when there is none (a counter never incremented), an error when several match.
 */
export function sampleValue(samples: readonly Sample[], name: string, labels: Readonly<Record<string, string>> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}
