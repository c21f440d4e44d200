import { displayName, isLocalZoneResource, isReferenced, META_LABEL, originOf, roleOf, type ResourceMeta } from './resource-meta.ts';
import { tagsMatch, MESH_REF, type TargetRef } from './target-ref.ts';
import { kriKey, kriOf, targetRefToKri } from './kri.ts';
import type { DataplaneView } from './dataplane-view.ts';
import type { PolicyView } from './policy-view.ts';

/** What a top-level targetRef selects of one Dataplane. */
export interface Selection {
  /** Selected inbound listener keys (`address:port`), embedded listeners included, in Dataplane order. */
  readonly inbounds: readonly string[];
  /**
   * Selected listeners of a built-in gateway's MeshGateway, as `address:port:hostname`, one per
   * listener in MeshGateway order (a key repeats when two listeners share port and hostname).
   */
  readonly gatewayListeners: readonly string[];
  /** The Dataplane is a delegated gateway and the ref selects it. */
  readonly delegatedGateway: boolean;
  /** Why the ref could not be resolved (the policy then selects nothing). */
  readonly error?: string;
}

const NOTHING: Selection = { inbounds: [], gatewayListeners: [], delegatedGateway: false };

/** Objects a ref may name that are not Dataplanes. */
export interface SelectContext {
  /** MeshHTTPRoutes of the mesh, in the store's order. */
  readonly routes: readonly PolicyView[];
}

export function isSelected(s: Selection): boolean {
  return s.inbounds.length > 0 || s.gatewayListeners.length > 0 || s.delegatedGateway;
}

/**
 * Gate 1: a non-producer policy created in one zone never reaches a Dataplane created in another.
 * A built-in gateway is judged by where its MeshGateway was created.
 */
function selectedByZone(policy: ResourceMeta, dp: DataplaneView): boolean {
  if (roleOf(policy) === 'producer') return true;
  const labels = (dp.builtinGateway?.meta ?? dp.meta).labels;
  const origin = originOf(labels);
  if (origin === undefined || origin === 'global') return true;
  if (originOf(policy.labels) !== 'zone') return true;
  const zone = policy.labels[META_LABEL.zone];
  if (zone === undefined) return true;
  return isLocalZoneResource(labels, zone);
}

/** Gate 2: consumer and workload-owner policies reach only Dataplanes of their own namespace. */
function selectedByNamespace(policy: ResourceMeta, dp: DataplaneView): boolean {
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

/**
 * Inbounds whose tags match, then the built-in gateway's listeners whose merged tags match (each
 * port once as an inbound, each listener as a listener-hostname), and the delegated-gateway flag.
 */
function byTags(selector: Readonly<Record<string, string>> | undefined, dp: DataplaneView): Selection {
  const inbounds = dp.inbounds.filter((i) => tagsMatch(selector, i.tags)).map((i) => i.key);
  const gatewayListeners: string[] = [];
  for (const listener of dp.builtinGateway?.listeners ?? []) {
    if (!tagsMatch(selector, listener.tags)) continue;
    if (!inbounds.includes(listener.key)) inbounds.push(listener.key);
    gatewayListeners.push(listener.hostnameKey);
  }
  const delegatedGateway = dp.gateway !== undefined && !dp.gateway.builtin && tagsMatch(selector, dp.gateway.tags);
  return { inbounds, gatewayListeners, delegatedGateway };
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
 * kuma-cp's DppSelectedByPolicy: the zone and namespace gates, then the kind of the top-level
 * targetRef. A MeshHTTPRoute ref is followed to the route's own targetRef, gated by the route's
 * labels. A built-in gateway's listeners are selected only once its MeshGateway is attached
 * (`withBuiltinGateway`).
 */
export function selectDataplane(meta: ResourceMeta, ref: TargetRef, dp: DataplaneView, context: SelectContext, depth = 0): Selection {
  if (!selectedByZone(meta, dp) || !selectedByNamespace(meta, dp)) return NOTHING;
  switch (ref.kind) {
    case 'Mesh': {
      if (!supportsProxyType(ref, dp)) return NOTHING;
      const tags = byTags(undefined, dp);
      return { ...tags, inbounds: [...tags.inbounds, ...dp.listeners.map((l) => l.key)] };
    }
    case 'Dataplane': {
      if (dp.builtinGateway !== undefined) return NOTHING;
      const byName = (ref.name ?? '') !== '' && dataplaneKey(dp) === dataplaneNameKey(meta, ref);
      if (!selectsAllDataplanes(ref) && !byName && !selectedByLabels(ref, dp)) return NOTHING;
      const section = ref.sectionName ?? '';
      const inbounds = dp.inbounds.filter((i) => section === '' || i.sectionName === section).map((i) => i.key);
      for (const l of dp.listeners) if (section === '' || l.sectionName === section) inbounds.push(l.key);
      return { inbounds, gatewayListeners: [], delegatedGateway: dp.gateway !== undefined && !dp.gateway.builtin };
    }
    case 'MeshSubset':
      return supportsProxyType(ref, dp) ? byTags(ref.tags ?? {}, dp) : NOTHING;
    case 'MeshService':
      return byTags({ [META_LABEL.service]: ref.name ?? '' }, dp);
    case 'MeshServiceSubset':
      return byTags({ [META_LABEL.service]: ref.name ?? '', ...ref.tags }, dp);
    case 'MeshGateway': {
      // Only built-in gateway Dataplanes (kuma-cp builds them from MeshGatewayInstances, never from Pods).
      const gateway = dp.builtinGateway;
      if (gateway === undefined || !isReferenced(meta, ref.name ?? '', gateway.meta)) return NOTHING;
      return { ...byTags(ref.tags ?? {}, dp), delegatedGateway: false };
    }
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
