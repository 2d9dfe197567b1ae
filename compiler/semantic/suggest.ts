/**
 * "Did you mean" suggestions by edit distance, with bounded work: a file
 * with thousands of unknown names, or a name thousands of characters long,
 * must not make the compiler crawl (issue 10). Three bounds:
 * - the distance is computed only in a band of width 2*max+1 around the
 *   diagonal, so comparing two long names costs O(length * max);
 * - a lookup compares at most {@link MAX_CANDIDATES} names, taken from the
 *   lengths closest to the unknown name's (others cannot be within `max`);
 * - a {@link SuggestionBudget} shared by a file caps the total work; once
 *   spent, only case-insensitive matches (a map lookup) are suggested.
 */

/** Names compared per lookup at most. */
export const MAX_CANDIDATES = 1000;
/** Edit-distance cells a file may spend on suggestions. */
export const DEFAULT_BUDGET_CELLS = 20_000_000;

/** Work left for suggestions; shared by every lookup of one file. */
export interface SuggestionBudget {
  cells: number;
}

export function newBudget(cells = DEFAULT_BUDGET_CELLS): SuggestionBudget {
  return { cells };
}

// Rows reused across calls: the distance is computed often and must not allocate.
let rows: Int32Array[] = [new Int32Array(0), new Int32Array(0), new Int32Array(0)];

/**
 * Edit distance where an insertion, a deletion, a substitution or a swap of
 * two neighbours costs 1 (optimal string alignment). Anything above `max`
 * comes back as `max + 1`; only cells within `max` of the diagonal are
 * computed. `work.cells` (when given) is charged for the cells computed.
 */
export function editDistance(a: string, b: string, max: number, work?: SuggestionBudget): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  const far = max + 1;
  if (rows[0]!.length < m + 2) rows = [new Int32Array(m + 2), new Int32Array(m + 2), new Int32Array(m + 2)];
  let prev2 = rows[0]!;
  let prev = rows[1]!;
  let cur = rows[2]!;
  for (let j = 0; j <= Math.min(m, max); j++) prev[j] = j;
  if (max + 1 <= m) prev[max + 1] = far;
  let cells = 0;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    cur[lo - 1] = lo === 1 ? i : far;
    if (hi + 1 <= m) cur[hi + 1] = far;
    let rowMin = lo === 1 ? i : far;
    const ai = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v > far ? far : v;
      if (v < rowMin) rowMin = v;
    }
    cells += hi - lo + 1;
    if (rowMin > max) {
      if (work !== undefined) work.cells -= cells;
      return far;
    }
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  if (work !== undefined) work.cells -= cells;
  return Math.min(prev[m]!, far);
}

/** How far a name may be from a suggestion: two fifths of its length, at least 1, at most 3. */
function maxDistance(name: string): number {
  return Math.min(3, Math.max(1, Math.floor(name.length * 0.4)));
}

/** Candidate names indexed for lookups: by lower case and by length. */
export class Suggester {
  private readonly byLower = new Map<string, string[]>();
  private readonly byLength = new Map<number, string[]>();

  constructor(
    candidates: Iterable<string>,
    private readonly budget: SuggestionBudget = newBudget(),
  ) {
    for (const c of candidates) {
      const lower = c.toLowerCase();
      const same = this.byLower.get(lower);
      if (same === undefined) this.byLower.set(lower, [c]);
      else same.push(c);
      const bucket = this.byLength.get(c.length);
      if (bucket === undefined) this.byLength.set(c.length, [c]);
      else bucket.push(c);
    }
    for (const list of this.byLower.values()) list.sort();
    for (const list of this.byLength.values()) list.sort();
  }

  /**
   * The closest candidate to `name`, if close enough: a case-insensitive
   * match first, else the smallest edit distance up to {@link maxDistance}.
   * Ties go to the alphabetically first candidate.
   */
  closest(name: string): string | undefined {
    const sameLetters = this.byLower.get(name.toLowerCase())?.find((c) => c !== name);
    if (sameLetters !== undefined) return sameLetters;
    const max = maxDistance(name);
    let best: string | undefined;
    let bestScore = max + 1;
    let compared = 0;
    // Lengths nearest the name's first: a bucket further than `max` cannot hold a match.
    for (let delta = 0; delta <= max; delta++) {
      for (const len of delta === 0 ? [name.length] : [name.length - delta, name.length + delta]) {
        for (const c of this.byLength.get(len) ?? []) {
          if (c === name) continue;
          if (compared >= MAX_CANDIDATES || this.budget.cells <= 0) return best;
          compared++;
          const score = editDistance(name, c, max, this.budget);
          if (score < bestScore || (score === bestScore && best !== undefined && c < best)) {
            best = c;
            bestScore = score;
          }
        }
      }
    }
    return bestScore <= max ? best : undefined;
  }
}

/** The closest candidate to `name` (see {@link Suggester.closest}). */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  return new Suggester(candidates).closest(name);
}

/** The hint line for a suggestion. */
export function hintFor(suggestion: string | undefined): string | undefined {
  return suggestion === undefined ? undefined : `did you mean '${suggestion}'?`;
}

/** The hint line for the closest candidate, if any. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  return hintFor(closest(name, candidates));
}
