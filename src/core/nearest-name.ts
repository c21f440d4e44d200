/**
 * The known name closest to `typo` by edit distance, when it is close enough to be a likely typo:
 * within `limit` edits, by default max(2, a third of its length).
 */
export function nearestName(typo: string, known: readonly string[], limit = Math.max(2, Math.floor(typo.length / 3))): string | undefined {
  const word = typo.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    // Only a distance below the best so far, and within the limit, can change the answer: the
    // candidates that cannot reach it are dropped early (kuma-cp has hundreds of settings).
    const bound = Math.min(bestDistance - 1, limit);
    const distance = editDistanceWithin(word, candidate.toLowerCase(), bound);
    if (distance <= bound) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** The Levenshtein distance of `a` and `b` when it is at most `bound`, else some number above it. */
function editDistanceWithin(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      rowMin = Math.min(rowMin, current[j] ?? 0);
    }
    // Every later row is at least this row's minimum.
    if (rowMin > bound) return bound + 1;
    previous = current;
  }
  return previous[b.length] ?? 0;
}
