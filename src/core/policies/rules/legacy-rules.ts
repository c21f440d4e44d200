import type { TargetRef } from '../match/target-ref.ts';

/**
 * kuma-cp's legacy tag-subset rules (`rules/rules.go`, `BuildRules`, MADR 007): the `from[]` items of
 * the policies on one inbound (with negations), or `to[]` items for `kuma.io/service` outbounds
 * (without). Each rule is a subset of tags (a tag may be negated) and the items that configure
 * every proxy in it, in the order given; rules with more positive tags come first.
 */
interface Tag {
  readonly key: string;
  readonly value: string;
  readonly not: boolean;
}

export interface LegacyItem<T> {
  readonly ref: TargetRef;
  readonly data: T;
}

export interface LegacyRule<T> {
  readonly subset: readonly Tag[];
  /** Items whose subset contains this rule's subset, in input order. */
  readonly items: readonly LegacyItem<T>[];
}

const OLD_KINDS = new Set(['Mesh', 'MeshSubset', 'MeshServiceSubset', 'MeshService', 'MeshGateway', 'MeshHTTPRoute']);

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A ref as a subset of tags; kinds that are not tag sets (MeshGateway, MeshHTTPRoute) cannot be. */
function asSubset(ref: TargetRef): Tag[] | undefined {
  const tags = (m: Readonly<Record<string, string>> | undefined): Tag[] =>
    Object.entries(m ?? {}).map(([key, value]) => ({ key, value, not: false }));
  switch (ref.kind) {
    case 'Mesh':
      return [];
    case 'MeshSubset':
      return tags(ref.tags);
    case 'MeshService':
      return [{ key: 'kuma.io/service', value: ref.name ?? '', not: false }];
    case 'MeshServiceSubset':
      return [{ key: 'kuma.io/service', value: ref.name ?? '', not: false }, ...tags(ref.tags)];
    default:
      return undefined;
  }
}

function isTagSubset(t1: Tag, t2: Tag): boolean {
  if (t1.key !== t2.key) return false;
  if (t1.not === t2.not) return t1.value === t2.value;
  if (t1.not) return t1.value !== t2.value;
  return false;
}

/** Whether `other` is a subset of `ss` (every proxy of `other` is in `ss`); the empty set holds all. */
function isSubset(ss: readonly Tag[], other: readonly Tag[]): boolean {
  if (ss.length === 0) return true;
  for (const tag of ss) {
    const same = other.filter((t) => t.key === tag.key);
    if (same.length === 0) return false;
    if (!same.every((t) => isTagSubset(tag, t))) return false;
  }
  return true;
}

/** Whether some proxy is in both sets (positive tags of a shared key must agree). */
function intersects(a: readonly Tag[], b: readonly Tag[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  for (const tag of a) {
    if (tag.not) continue;
    for (const other of b) if (!other.not && other.key === tag.key && other.value !== tag.value) return false;
  }
  return true;
}

function numPositive(ss: readonly Tag[]): number {
  return ss.filter((t) => !t.not).length;
}

/** Every maximal clique of an undirected graph (Bron–Kerbosch), as node lists. */
function maximalCliques(n: number, adjacent: (i: number, j: number) => boolean): number[][] {
  const out: number[][] = [];
  const neighbours = (v: number): Set<number> => new Set(Array.from({ length: n }, (_, j) => j).filter((j) => j !== v && adjacent(v, j)));
  const walk = (r: number[], p: Set<number>, x: Set<number>): void => {
    if (p.size === 0 && x.size === 0) {
      out.push(r);
      return;
    }
    for (const v of [...p]) {
      const nv = neighbours(v);
      walk([...r, v], new Set([...p].filter((u) => nv.has(u))), new Set([...x].filter((u) => nv.has(u))));
      p.delete(v);
      x.add(v);
    }
  };
  walk([], new Set(Array.from({ length: n }, (_, i) => i)), new Set());
  return out;
}

/** The subsets of one group of tags: for each key one positive value or all values negated. */
function* subsetsOf(tags: readonly Tag[]): Generator<Tag[]> {
  const dims: { key: string; values: string[] }[] = [];
  for (const t of tags) {
    let dim = dims.find((d) => d.key === t.key);
    if (dim === undefined) {
      dim = { key: t.key, values: [] };
      dims.push(dim);
    }
    if (!dim.values.includes(t.value)) dim.values.push(t.value);
  }
  const current = (idx: number[]): Tag[] =>
    dims.flatMap((d, i): Tag[] =>
      idx[i] === d.values.length
        ? d.values.map((value) => ({ key: d.key, value, not: true }))
        : [{ key: d.key, value: d.values[d.values.length - (idx[i] as number) - 1] as string, not: false }],
    );
  const idx = dims.map(() => 0);
  for (;;) {
    let carried = true;
    for (let i = 0; i < idx.length; i++) {
      idx[i] = (idx[i] as number) + 1;
      if ((idx[i] as number) < (dims[i] as { values: string[] }).values.length + 1) {
        carried = false;
        break;
      }
      idx[i] = 0;
    }
    yield current(idx);
    if (carried) return;
  }
}

function canonical(ss: readonly Tag[]): string {
  return [...ss]
    .sort((a, b) => byteCompare(a.key, b.key) || byteCompare(a.value, b.value) || Number(a.not) - Number(b.not))
    .map((t) => `${t.key}:${t.value}:${t.not ? 1 : 0}`)
    .join('|');
}

/**
 * BuildRules over `items` (already in the policies' SortByTargetRef order). Only the old kinds take
 * part; undefined when one of them is not a tag set (kuma-cp reports a warning and builds none).
 */
export function buildLegacyRules<T>(items: readonly LegacyItem<T>[], withNegations: boolean): LegacyRule<T>[] | undefined {
  const old = items.filter((item) => OLD_KINDS.has(item.ref.kind));
  if (old.length === 0) return [];
  const subsets: Tag[][] = [];
  for (const item of old) {
    const ss = asSubset(item.ref);
    if (ss === undefined) return undefined;
    subsets.push(ss);
  }
  const rule = (ss: Tag[]): LegacyRule<T>[] => {
    const relevant = old.filter((_, i) => isSubset(subsets[i] as Tag[], ss));
    return relevant.length === 0 ? [] : [{ subset: ss, items: relevant }];
  };
  const keys = new Set(subsets.flatMap((ss) => ss.map((t) => t.key)));
  if (!withNegations && keys.size <= 1) {
    const seen = new Set<string>();
    const unique: Tag[][] = [];
    for (const ss of subsets) {
      const key = canonical(ss);
      if (seen.has(key)) continue;
      seen.add(key);
      // kuma-cp sorts a subset in place when it dedupes it.
      unique.push([...ss].sort((a, b) => byteCompare(a.key, b.key) || byteCompare(a.value, b.value) || Number(a.not) - Number(b.not)));
    }
    const rules = unique.flatMap(rule);
    return rules
      .map((r, i) => ({ r, i }))
      .sort((a, b) => b.r.subset.length - a.r.subset.length || a.i - b.i)
      .map((e) => e.r);
  }
  const groups = maximalCliques(subsets.length, (i, j) => intersects(subsets[i] as Tag[], subsets[j] as Tag[]))
    .map((g) => [...g].sort((a, b) => a - b))
    .sort((a, b) => byteCompare(b.join(':'), a.join(':')));
  const rules: LegacyRule<T>[] = [];
  for (const group of groups) {
    const tagSet = new Map<string, Tag>();
    for (const node of group) for (const t of subsets[node] as Tag[]) tagSet.set(`${t.key}\u0000${t.value}\u0000${t.not}`, t);
    const tags = [...tagSet.values()].sort((a, b) => byteCompare(a.key, b.key) || byteCompare(a.value, b.value));
    for (const ss of subsetsOf(tags)) rules.push(...rule(ss));
  }
  return rules
    .map((r, i) => ({ r, i }))
    .sort((a, b) => numPositive(b.r.subset) - numPositive(a.r.subset) || a.i - b.i)
    .map((e) => e.r);
}
