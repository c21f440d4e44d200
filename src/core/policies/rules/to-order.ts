import { displayName } from '../match/resource-meta.ts';
import { kindRank, type TargetRef } from '../match/target-ref.ts';
import type { PolicyView } from '../match/policy-view.ts';
import { compareByPolicyAttributes } from '../match/sort.ts';

/** One `to[]` item of a matched policy. */
export interface ToEntry<T = unknown> {
  readonly policy: PolicyView;
  /** Index in `spec.to`. */
  readonly index: number;
  readonly ref: TargetRef;
  readonly data: T;
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * kuma-cp's order of (policy, to-item) pairs for real-resource outbounds (`rules/outbound/sort.go`,
 * spec §5.2), least specific first: policy attributes; the to-item's kind rank, a MeshService item
 * without sectionName before one with; the policy's display name descending. Stable.
 */
export function sortToEntries<T>(entries: readonly ToEntry<T>[]): ToEntry<T>[] {
  return entries
    .map((entry, order) => ({ entry, order }))
    .sort(
      (a, b) =>
        compareByPolicyAttributes(a.entry.policy, b.entry.policy) ||
        kindRank(a.entry.ref.kind) - kindRank(b.entry.ref.kind) ||
        (a.entry.ref.kind === 'MeshService' && b.entry.ref.kind === 'MeshService'
          ? Number((a.entry.ref.sectionName ?? '') !== '') - Number((b.entry.ref.sectionName ?? '') !== '')
          : 0) ||
        byteCompare(displayName(b.entry.policy.meta), displayName(a.entry.policy.meta)) ||
        a.order - b.order,
    )
    .map((e) => e.entry);
}
