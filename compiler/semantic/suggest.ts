/** "Did you mean" suggestions by edit distance. */

/**
 * Edit distance where an insertion, a deletion, a substitution or a swap of
 * two neighbours costs 1 (optimal string alignment), with an early exit once
 * it exceeds `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The closest candidate to `name`, if close enough: a case-insensitive match
 * first, else the smallest edit distance up to two fifths of the name's
 * length (at least 1, at most 3). Ties go to the alphabetically first candidate.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const max = Math.min(3, Math.max(1, Math.floor(name.length * 0.4)));
  let best: string | undefined;
  let bestScore = max + 1;
  for (const c of candidates) {
    if (c === name) continue;
    const score = c.toLowerCase() === lower ? 0 : editDistance(name, c, max);
    if (score < bestScore || (score === bestScore && best !== undefined && c < best)) {
      best = c;
      bestScore = score;
    }
  }
  return bestScore <= max ? best : undefined;
}

/** The hint line for a suggestion. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const s = closest(name, candidates);
  return s === undefined ? undefined : `did you mean '${s}'?`;
}
