import { deepEqual } from '../core/deep-equal.ts';

/**
 * Pairs old and new sequence items that are "the same item": by `name` when every item of both is
 * a mapping with a unique string name (containers, volumes, env, ports…), else by equality (longest
 * common subsequence). Returns, for each new index, the old index it continues or -1 (inserted),
 * or undefined when the pairs cross (a reorder: the caller rewrites the whole sequence).
 */
export function matchSequence(before: readonly unknown[], after: readonly unknown[]): number[] | undefined {
  const byName = namesOf(before);
  const afterNames = byName === undefined ? undefined : namesOf(after);
  let pairs: number[];
  if (byName !== undefined && afterNames !== undefined) {
    pairs = afterNames.map((name) => byName.indexOf(name));
  } else {
    pairs = byEquality(before, after);
  }
  let last = -1;
  for (const i of pairs) {
    if (i === -1) continue;
    if (i <= last) return undefined;
    last = i;
  }
  return pairs;
}

function namesOf(items: readonly unknown[]): string[] | undefined {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
    const name = (item as Record<string, unknown>).name;
    if (typeof name !== 'string' || seen.has(name)) return undefined;
    seen.add(name);
    names.push(name);
  }
  return names;
}

function byEquality(before: readonly unknown[], after: readonly unknown[]): number[] {
  const pairs = after.map(() => -1);
  // Common prefix and suffix first: appends, prepends and single edits need no table.
  let head = 0;
  while (head < before.length && head < after.length && deepEqual(before[head], after[head])) {
    pairs[head] = head;
    head += 1;
  }
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    deepEqual(before[before.length - 1 - tail], after[after.length - 1 - tail])
  ) {
    pairs[after.length - 1 - tail] = before.length - 1 - tail;
    tail += 1;
  }
  const n = before.length - head - tail;
  const m = after.length - head - tail;
  if (n === 0 || m === 0 || n * m > 40_000) return pairMappingsInGaps(before, after, pairs);
  // Longest common subsequence over the middle part.
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      const row = table[i] as number[];
      row[j] = deepEqual(before[head + i], after[head + j])
        ? (table[i + 1]?.[j + 1] ?? 0) + 1
        : Math.max(table[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (deepEqual(before[head + i], after[head + j])) {
      pairs[head + j] = head + i;
      i += 1;
      j += 1;
    } else if ((table[i + 1]?.[j] ?? 0) >= (table[i]?.[j + 1] ?? 0)) i += 1;
    else j += 1;
  }
  return pairMappingsInGaps(before, after, pairs);
}

const isMapping = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Between two matched pairs, an unmatched old mapping and an unmatched new mapping (in order) are
 * taken as one item edited, not one removed and one added: its comments and layout then survive.
 */
function pairMappingsInGaps(before: readonly unknown[], after: readonly unknown[], pairs: number[]): number[] {
  let oldStart = 0;
  let newStart = 0;
  for (let j = 0; j <= after.length; j += 1) {
    const matched = j < after.length ? (pairs[j] ?? -1) : before.length;
    if (matched === -1) continue;
    const olds: number[] = [];
    for (let i = oldStart; i < matched; i += 1) if (isMapping(before[i])) olds.push(i);
    const news: number[] = [];
    for (let k = newStart; k < j; k += 1) if (isMapping(after[k])) news.push(k);
    for (let x = 0; x < Math.min(olds.length, news.length); x += 1) pairs[news[x] ?? 0] = olds[x] ?? 0;
    oldStart = matched + 1;
    newStart = j + 1;
  }
  return pairs;
}
