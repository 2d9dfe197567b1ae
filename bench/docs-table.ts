/**
 * Keeps the results table in docs/benchmark.md in step with the committed
 * bench/results/latest.md: a full run replaces the text between two markers.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export const START_MARKER = "<!-- bench:results:start -->";
export const END_MARKER = "<!-- bench:results:end -->";

/**
 * Replaces what lies between the markers of `text` with `content`; returns
 * undefined when the markers are missing or out of order (the doc is left alone).
 */
export function replaceBetweenMarkers(text: string, content: string): string | undefined {
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  if (start < 0 || end < start) return undefined;
  return text.slice(0, start + START_MARKER.length) + "\n" + content.trimEnd() + "\n" + text.slice(end);
}

/** Writes `content` between the markers of the doc at `path`; returns whether it did. */
export function updateDocTable(path: string, content: string): boolean {
  if (!existsSync(path)) return false;
  const next = replaceBetweenMarkers(readFileSync(path, "utf8"), content);
  if (next === undefined) return false;
  writeFileSync(path, next);
  return true;
}
