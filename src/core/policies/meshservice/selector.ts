import { tagsMatch } from '../match/target-ref.ts';
import type { DataplaneView } from '../match/dataplane-view.ts';
import { asRecord, stringEntries } from '../../json-record.ts';

/** `spec.selector` of a MeshService: exactly one form is read, in kuma-cp's order. */
export type MeshServiceSelector =
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'tags'; readonly tags: Readonly<Record<string, string>> }
  | { readonly kind: 'labels'; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: 'none' };

/** Reads `spec.selector` (dataplaneRef, then dataplaneTags, then dataplaneLabels.matchLabels). */
export function readSelector(selector: unknown): MeshServiceSelector {
  const raw = asRecord(selector) ?? {};
  const ref = asRecord(raw['dataplaneRef']);
  if (ref !== undefined) return { kind: 'ref', name: typeof ref['name'] === 'string' ? ref['name'] : '' };
  if (asRecord(raw['dataplaneTags']) !== undefined) return { kind: 'tags', tags: stringEntries(raw['dataplaneTags']) };
  const labels = asRecord(raw['dataplaneLabels']);
  if (labels !== undefined) return { kind: 'labels', labels: stringEntries(labels['matchLabels']) };
  return { kind: 'none' };
}

/**
 * kuma-cp's MatchesDataplane: the Dataplane's core name for a ref, some inbound's tags (or a
 * gateway's tags) for dataplaneTags, the Dataplane's labels for dataplaneLabels.
 */
export function selectsDataplane(selector: MeshServiceSelector, dp: DataplaneView): boolean {
  switch (selector.kind) {
    case 'ref':
      return selector.name === dp.meta.name;
    case 'tags':
      if (dp.inbounds.some((i) => tagsMatch(selector.tags, i.tags))) return true;
      return dp.gateway !== undefined && tagsMatch(selector.tags, dp.gateway.tags);
    case 'labels':
      return Object.entries(selector.labels).every(([k, v]) => dp.meta.labels[k] === v);
    case 'none':
      return false;
  }
}
