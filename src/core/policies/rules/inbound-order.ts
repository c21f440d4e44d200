import type { PolicyView } from '../match/policy-view.ts';
import { asRecord } from '../../json-record.ts';

/** One inbound rule entry: which item of which policy, and its match (if any). */
export interface InboundEntry {
  readonly policy: PolicyView;
  /** `rules[i]`, `rules[i].matches[j]` or `from[i]`. */
  readonly item: string;
  readonly match?: { spiffeID?: { type: string; value: string }; sni?: { type: string; value: string } };
}

function idOf(value: unknown): { type: string; value: string } | undefined {
  const raw = asRecord(value);
  if (raw === undefined) return undefined;
  return { type: String(raw['type'] ?? ''), value: String(raw['value'] ?? '') };
}

/** spiffeID rules first (Exact before Prefix), then sni rules, then catch-all rules. */
function specificity(entry: InboundEntry): number {
  const m = entry.match;
  if (m === undefined) return 4;
  if (m.spiffeID !== undefined) return m.spiffeID.type === 'Exact' ? (m.sni !== undefined ? 0 : 1) : 2;
  return m.sni !== undefined ? 3 : 4;
}

/**
 * kuma-cp's inbound rules for one inbound (`inbound.BuildRules`, spec §5.3): every `rules[]` item of
 * the matched policies (already in SortByTargetRef order), or, for a policy without `rules` whose
 * kind turns `from[]` into rules, every `from[]` item as a rule without match; one entry per match;
 * then a stable sort by match specificity. `withMatches` false: releases without `rules[].matches`.
 */
export function inboundRules(policies: readonly PolicyView[], fromAsRules: (type: string) => boolean, withMatches = true): InboundEntry[] {
  const entries: InboundEntry[] = [];
  for (const policy of policies) {
    const rules = Array.isArray(policy.spec['rules']) ? (policy.spec['rules'] as unknown[]) : [];
    if (rules.length > 0) {
      rules.forEach((rule, i) => {
        const matches = withMatches && Array.isArray(asRecord(rule)?.['matches']) ? (asRecord(rule)?.['matches'] as unknown[]) : [];
        if (matches.length === 0) entries.push({ policy, item: `rules[${i}]` });
        matches.forEach((match, j) => {
          const m = asRecord(match) ?? {};
          const spiffeID = idOf(m['spiffeID']);
          const sni = idOf(m['sni']);
          entries.push({
            policy,
            item: `rules[${i}].matches[${j}]`,
            match: { ...(spiffeID === undefined ? {} : { spiffeID }), ...(sni === undefined ? {} : { sni }) },
          });
        });
      });
      continue;
    }
    if (!fromAsRules(policy.meta.type)) continue;
    const from = Array.isArray(policy.spec['from']) ? (policy.spec['from'] as unknown[]) : [];
    from.forEach((_, i) => entries.push({ policy, item: `from[${i}]` }));
  }
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => specificity(a.entry) - specificity(b.entry) || a.index - b.index)
    .map((e) => e.entry);
}
