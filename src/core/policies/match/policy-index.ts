import { META_LABEL } from './resource-meta.ts';
import type { TargetRef } from './target-ref.ts';
import type { DataplaneView } from './dataplane-view.ts';
import { isShadow, type PolicyView } from './policy-view.ts';
import { dataplaneKey, dataplaneNameKey, isSelected, resolveRoute, selectDataplane, type Selection } from './select.ts';
import { compareByTargetRef } from './sort.ts';

/** One policy that selects a Dataplane, and what of it. */
interface MatchedPolicy {
  readonly policy: PolicyView;
  readonly selection: Selection;
}

/** Policies of one type matched on one Dataplane, in kuma-cp's order, with unresolved refs. */
interface DataplaneMatch {
  readonly policies: readonly MatchedPolicy[];
  /** "unable to resolve TargetRef" warnings, one per policy whose ref names nothing. */
  readonly warnings: readonly { policy: PolicyView; message: string }[];
  /**
   * Per built-in gateway listener (`address:port:hostname`), the policies selecting it in the
   * order they were given (kuma-cp does not sort these lists, unlike the per-inbound ones).
   */
  readonly byGatewayListener: ReadonlyMap<string, readonly PolicyView[]>;
}

interface Entry {
  readonly policy: PolicyView;
  readonly order: number;
}

/**
 * The policies of a bundle filed by what their top-level targetRef can select, so that matching a
 * Dataplane examines only policies that could select it (plus every mesh-wide one), never every
 * policy: `kind: Dataplane` by name under the identifier it names, by labels under one label pair,
 * MeshService/MeshServiceSubset/MeshSubset under one inbound tag pair. A ref through a MeshHTTPRoute
 * is filed under the route's own ref.
 */
export interface PolicyIndex {
  /** Matched policies of `type` on `dp`, sorted like kuma-cp's SortByTargetRef. */
  match(type: string, dp: DataplaneView): DataplaneMatch;
  /** What one policy selects of one Dataplane (for reports; not counted). */
  selectionOf(policy: PolicyView, dp: DataplaneView): Selection;
  /** How many (policy, Dataplane) pairs all lookups so far evaluated (the cost, to prove it stays linear). */
  readonly examined: number;
}

function pair(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/**
 * Where a ref is filed within its type and mesh: 'all' (examined for every Dataplane of the mesh),
 * 'none', or one lookup key.
 */
function anchorOf(meta: PolicyView['meta'], ref: TargetRef, routes: readonly PolicyView[], depth = 0): string {
  switch (ref.kind) {
    case 'Dataplane':
      if ((ref.name ?? '') !== '') return `name\u0000${dataplaneNameKey(meta, ref)}`;
      if (ref.labels !== undefined) {
        const first = Object.entries(ref.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))[0];
        if (first !== undefined) return `label\u0000${pair(first[0], first[1])}`;
        return 'all';
      }
      // A namespace without a name selects nothing; file it where no Dataplane looks.
      return (ref.namespace ?? '') !== '' ? 'none' : 'all';
    case 'MeshService':
      return `tag\u0000${pair(META_LABEL.service, ref.name ?? '')}`;
    case 'MeshServiceSubset':
      return `tag\u0000${pair(META_LABEL.service, ref.name ?? '')}`;
    case 'MeshSubset': {
      const fixed = Object.entries(ref.tags ?? {})
        .filter(([, v]) => v !== '*')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))[0];
      return fixed === undefined ? 'all' : `tag\u0000${pair(fixed[0], fixed[1])}`;
    }
    case 'MeshHTTPRoute': {
      const route = resolveRoute(meta, ref.name ?? '', routes);
      if (route === undefined || depth > 8) return 'all'; // examined, to report what it could not resolve
      return anchorOf(route.meta, route.targetRef, routes, depth + 1);
    }
    default:
      return 'all';
  }
}

/**
 * Indexes `policies` (any types, any meshes). `routes` are the MeshHTTPRoutes a top-level
 * `kind: MeshHTTPRoute` may name, per mesh, in store order.
 */
export function indexPolicies(policies: readonly PolicyView[], routes: readonly PolicyView[]): PolicyIndex {
  // By type and mesh, then by anchor: a Dataplane's anchors do not depend on the type, so they are
  // worked out once (anchorsOf) and looked up in each type's filing.
  const filed = new Map<string, Map<string, Entry[]>>();
  const routesByMesh = new Map<string, PolicyView[]>();
  for (const route of routes) routesByMesh.set(route.meta.mesh, [...(routesByMesh.get(route.meta.mesh) ?? []), route]);
  policies.forEach((policy, order) => {
    if (isShadow(policy.meta)) return;
    const anchor = anchorOf(policy.meta, policy.targetRef, routesByMesh.get(policy.meta.mesh) ?? []);
    if (anchor === 'none') return;
    const scope = `${policy.meta.type}\u0000${policy.meta.mesh}`;
    const byAnchor = filed.get(scope) ?? new Map<string, Entry[]>();
    filed.set(scope, byAnchor);
    const list = byAnchor.get(anchor) ?? [];
    list.push({ policy, order });
    byAnchor.set(anchor, list);
  });
  // The last Dataplane's anchors: callers match one Dataplane against every type in turn.
  let last: { dp: DataplaneView; anchors: readonly string[] } | undefined;
  const anchorsOf = (dp: DataplaneView): readonly string[] => {
    if (last?.dp === dp) return last.anchors;
    const keys = new Set<string>(['all', `name\u0000${dataplaneKey(dp)}`]);
    for (const [k, v] of Object.entries(dp.meta.labels)) keys.add(`label\u0000${pair(k, v)}`);
    const tagSets = dp.inbounds.map((i) => i.tags);
    if (dp.gateway !== undefined && !dp.gateway.builtin) tagSets.push(dp.gateway.tags);
    for (const listener of dp.builtinGateway?.listeners ?? []) tagSets.push(listener.tags);
    for (const tags of tagSets) for (const [k, v] of Object.entries(tags)) keys.add(`tag\u0000${pair(k, v)}`);
    last = { dp, anchors: [...keys] };
    return last.anchors;
  };
  let examined = 0;
  const match = (type: string, dp: DataplaneView): DataplaneMatch => {
    const byAnchor = filed.get(`${type}\u0000${dp.meta.mesh}`);
    const candidates: Entry[] = [];
    if (byAnchor !== undefined) for (const anchor of anchorsOf(dp)) candidates.push(...(byAnchor.get(anchor) ?? []));
    candidates.sort((a, b) => a.order - b.order);
    const context = { routes: routesByMesh.get(dp.meta.mesh) ?? [] };
    const matched: (MatchedPolicy & { order: number })[] = [];
    const warnings: { policy: PolicyView; message: string }[] = [];
    for (const { policy, order } of candidates) {
      examined++;
      const selection = selectDataplane(policy.meta, policy.targetRef, dp, context);
      if (selection.error !== undefined) warnings.push({ policy, message: selection.error });
      if (isSelected(selection)) matched.push({ policy, selection, order });
    }
    const byGatewayListener = new Map<string, PolicyView[]>();
    for (const { policy, selection } of matched)
      for (const key of selection.gatewayListeners) byGatewayListener.set(key, [...(byGatewayListener.get(key) ?? []), policy]);
    matched.sort((a, b) => compareByTargetRef(a.policy, b.policy) || a.order - b.order);
    return { policies: matched.map(({ policy, selection }) => ({ policy, selection })), warnings, byGatewayListener };
  };
  return {
    match,
    selectionOf: (policy, dp) => selectDataplane(policy.meta, policy.targetRef, dp, { routes: routesByMesh.get(dp.meta.mesh) ?? [] }),
    get examined() {
      return examined;
    },
  };
}
