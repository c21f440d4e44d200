import { displayName, originRank, roleRank } from './resource-meta.ts';
import { compareDataplaneKind, kindRank } from './target-ref.ts';
import type { PolicyView } from './policy-view.ts';

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareAttributes(a: PolicyView, b: PolicyView, gatewayTags: boolean): number {
  const ka = a.targetRef;
  const kb = b.targetRef;
  const kind = kindRank(ka.kind) - kindRank(kb.kind);
  if (kind !== 0) return kind;
  const dataplane = compareDataplaneKind(ka, kb);
  if (dataplane !== 0) return dataplane;
  const origin = originRank(a.meta) - originRank(b.meta);
  if (origin !== 0) return origin;
  if (gatewayTags && ka.kind === 'MeshGateway') {
    const tags = Object.keys(ka.tags ?? {}).length - Object.keys(kb.tags ?? {}).length;
    if (tags !== 0) return tags;
  }
  return roleRank(a.meta) - roleRank(b.meta);
}

/**
 * Policy attributes as the outbound to-entry order compares them, least specific first: top-level
 * kind rank, `kind: Dataplane` specificity, origin (global < none < zone), role (system < producer
 * < consumer < workload-owner). Unlike SortByTargetRef, MeshGateway tag counts do not take part.
 */
export function compareByPolicyAttributes(a: PolicyView, b: PolicyView): number {
  return compareAttributes(a, b, false);
}

/**
 * kuma-cp's SortByTargetRef: the policy attributes with, between origin and role, fewer MeshGateway
 * listener tags first; then display name DEscending (the smallest name sorts last and wins).
 */
export function compareByTargetRef(a: PolicyView, b: PolicyView): number {
  const attributes = compareAttributes(a, b, true);
  if (attributes !== 0) return attributes;
  return byteCompare(displayName(b.meta), displayName(a.meta));
}

/** Sorted copy; ties keep their input order. */
export function sortByTargetRef<T extends { policy: PolicyView }>(entries: readonly T[]): T[] {
  return [...entries].sort((x, y) => compareByTargetRef(x.policy, y.policy));
}
