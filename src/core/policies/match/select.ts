import { displayName, isLocalZoneResource, isReferenced, META_LABEL, originOf, roleOf, type ResourceMeta } from './resource-meta.ts';
import { tagsMatch, MESH_REF, type TargetRef } from './target-ref.ts';
import { kriKey, kriOf, targetRefToKri } from './kri.ts';
import type { DataplaneView } from './dataplane-view.ts';
import type { PolicyView } from './policy-view.ts';

/** What a top-level targetRef selects of one Dataplane. */
export interface Selection {
  /** Selected inbound listener keys (`address:port`), embedded listeners included, in Dataplane order. */
  readonly inbounds: readonly string[];
  /** The Dataplane is a delegated gateway and the ref selects it. */
  readonly delegatedGateway: boolean;
  /** Why the ref could not be resolved (the policy then selects nothing). */
  readonly error?: string;
}

export const NOTHING: Selection = { inbounds: [], delegatedGateway: false };

/** Objects a ref may name that are not Dataplanes. */
export interface SelectContext {
  /** MeshHTTPRoutes of the mesh, in the store's order. */
  readonly routes: readonly PolicyView[];
}

export function isSelected(s: Selection): boolean {
  return s.inbounds.length > 0 || s.delegatedGateway;
}

/** Gate 1: a non-producer policy created in one zone never reaches a Dataplane created in another. */
export function selectedByZone(policy: ResourceMeta, dp: DataplaneView): boolean {
  if (roleOf(policy) === 'producer') return true;
  const origin = originOf(dp.meta.labels);
  if (origin === undefined || origin === 'global') return true;
  if (originOf(policy.labels) !== 'zone') return true;
  const zone = policy.labels[META_LABEL.zone];
  if (zone === undefined) return true;
  return isLocalZoneResource(dp.meta.labels, zone);
}

/** Gate 2: consumer and workload-owner policies reach only Dataplanes of their own namespace. */
export function selectedByNamespace(policy: ResourceMeta, dp: DataplaneView): boolean {
  const role = roleOf(policy);
  if (role !== 'consumer' && role !== 'workload-owner') return true;
  const ns = policy.labels[META_LABEL.namespace];
  return ns !== undefined && ns === dp.meta.labels[META_LABEL.namespace];
}

function proxyTypeOf(dp: DataplaneView): string {
  return dp.gateway !== undefined ? 'Gateway' : 'Sidecar';
}

function supportsProxyType(ref: TargetRef, dp: DataplaneView): boolean {
  const types = ref.proxyTypes ?? [];
  return types.length === 0 || types.includes(proxyTypeOf(dp));
}

function byTags(selector: Readonly<Record<string, string>> | undefined, dp: DataplaneView): Selection {
  const inbounds = dp.inbounds.filter((i) => tagsMatch(selector, i.tags)).map((i) => i.key);
  const delegatedGateway = dp.gateway !== undefined && !dp.gateway.builtin && tagsMatch(selector, dp.gateway.tags);
  return { inbounds, delegatedGateway };
}

/** `kind: Dataplane` by name: the Dataplane's identifier equals the one the ref makes with the policy's mesh, zone and namespace. */
export function dataplaneNameKey(policy: ResourceMeta, ref: TargetRef): string {
  return kriKey(targetRefToKri(policy, ref));
}

export function dataplaneKey(dp: DataplaneView): string {
  return kriKey(kriOf(dp.meta, 'Dataplane'));
}

function selectsAllDataplanes(ref: TargetRef): boolean {
  return (ref.name ?? '') === '' && (ref.namespace ?? '') === '' && ref.labels === undefined;
}

function selectedByLabels(ref: TargetRef, dp: DataplaneView): boolean {
  if (ref.labels === undefined) return false;
  for (const [key, value] of Object.entries(ref.labels)) if (dp.meta.labels[key] !== value) return false;
  return true;
}

/** The first MeshHTTPRoute of the mesh whose display name is `name`. */
export function resolveRoute(from: ResourceMeta, name: string, routes: readonly PolicyView[]): PolicyView | undefined {
  return routes.find((route) => isReferenced(from, name, route.meta));
}

/**
 * kuma-cp's DppSelectedByPolicy for Dataplanes that are not built-in gateways (those are never
 * previewed): the zone and namespace gates, then the kind of the top-level targetRef. A
 * MeshHTTPRoute ref is followed to the route's own targetRef, gated by the route's labels.
 */
export function selectDataplane(meta: ResourceMeta, ref: TargetRef, dp: DataplaneView, context: SelectContext, depth = 0): Selection {
  if (!selectedByZone(meta, dp) || !selectedByNamespace(meta, dp)) return NOTHING;
  const builtin = dp.gateway?.builtin === true;
  switch (ref.kind) {
    case 'Mesh': {
      if (!supportsProxyType(ref, dp)) return NOTHING;
      const tags = byTags(undefined, dp);
      return { inbounds: [...tags.inbounds, ...dp.listeners.map((l) => l.key)], delegatedGateway: tags.delegatedGateway };
    }
    case 'Dataplane': {
      if (builtin) return NOTHING;
      const byName = (ref.name ?? '') !== '' && dataplaneKey(dp) === dataplaneNameKey(meta, ref);
      if (!selectsAllDataplanes(ref) && !byName && !selectedByLabels(ref, dp)) return NOTHING;
      const section = ref.sectionName ?? '';
      const inbounds = dp.inbounds.filter((i) => section === '' || i.sectionName === section).map((i) => i.key);
      for (const l of dp.listeners) if (section === '' || l.sectionName === section) inbounds.push(l.key);
      return { inbounds, delegatedGateway: dp.gateway !== undefined && !dp.gateway.builtin };
    }
    case 'MeshSubset':
      return supportsProxyType(ref, dp) ? byTags(ref.tags ?? {}, dp) : NOTHING;
    case 'MeshService':
      return byTags({ [META_LABEL.service]: ref.name ?? '' }, dp);
    case 'MeshServiceSubset':
      return byTags({ [META_LABEL.service]: ref.name ?? '', ...ref.tags }, dp);
    case 'MeshGateway':
      // Only built-in gateway Dataplanes, which kuma-cp builds from MeshGatewayInstances, not Pods.
      return NOTHING;
    case 'MeshHTTPRoute': {
      const route = resolveRoute(meta, ref.name ?? '', context.routes);
      if (route === undefined) return { ...NOTHING, error: `couldn't resolve MeshHTTPRoute targetRef with name '${ref.name ?? ''}'` };
      if (depth > 8) return { ...NOTHING, error: `MeshHTTPRoute ${displayName(route.meta)} refers to routes in a loop` };
      return selectDataplane(route.meta, route.targetRefWritten ? route.targetRef : MESH_REF, dp, context, depth + 1);
    }
    default:
      return { ...NOTHING, error: `unsupported targetRef kind '${ref.kind}'` };
  }
}
