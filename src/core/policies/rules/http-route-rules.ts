import { matchesJson } from './routes-to-items.ts';
import { asRecord } from '../../json-record.ts';

/** One merged MeshHTTPRoute rule and the route entry whose rule it is. */
interface MergedRouteRule<P> {
  readonly origin: P;
  /** `rules[].matches` as written (undefined when absent). */
  readonly matches: unknown;
}

/**
 * The rules of the MeshHTTPRoute to-entries that configure one destination, merged as kuma-cp
 * merges their confs: keyed by `matches`, the entry merged last (the most specific, §5.2 order)
 * first, and a rule whose matches a later entry already wrote is dropped. Each rule keeps the
 * entry that wrote it (kuma-cp's OriginByMatches). `entries` come in merge order.
 */
export function mergeHttpRouteRules<P>(entries: readonly { readonly origin: P; readonly rules: unknown }[]): MergedRouteRule<P>[] {
  const seen = new Set<string>();
  const out: MergedRouteRule<P>[] = [];
  for (const entry of [...entries].reverse()) {
    for (const rule of Array.isArray(entry.rules) ? entry.rules : []) {
      const matches = asRecord(rule)?.['matches'];
      const key = matchesJson(matches);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ origin: entry.origin, matches });
    }
  }
  return out;
}

/**
 * The separate confs kuma-cp merges MeshHTTPRoute to-items into (`merge.Confs` on the
 * `mergeValues` field `hostnames`): one per hostname any item names, and one (key '') for items
 * naming none, in order of first appearance. Every other policy type merges into a single conf.
 */
export function hostnameGroups(hostnamesPerItem: readonly unknown[]): string[] {
  const keys: string[] = [];
  for (const hostnames of hostnamesPerItem) {
    const names = Array.isArray(hostnames) && hostnames.length > 0 ? hostnames.map(String) : [''];
    for (const name of names) if (!keys.includes(name)) keys.push(name);
  }
  return keys;
}
