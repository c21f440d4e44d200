import { injectPod, type InjectContext, type PodLike } from '../inject/inject-pod.ts';
import { isRecord, stringMap } from './json-shapes.ts';
import { isInjected, stripInjectedParts, withoutReadinessExclusion, type PodView } from './injected-parts.ts';
import { EMPTY_LIST_ENTRIES, recordedEmptyList, type InjectionRecord } from './user-keys-marker.ts';
import { restoreAnnotations, restoreByUserKeys, withoutEmptyMaps, type Reinjector, type RestoredPod } from './restore-annotations.ts';
import { INJECTION_LABEL, MESH_LABEL, ZONE_PROXY_TYPE_LABEL } from './webhook-selection.ts';

/**
 * Returns the pod as it was before the injector ran, as far as the injected pod records it: the
 * containers, volumes and probe rewrites taken out (stripInjectedParts), then every annotation or
 * label the injector may have written that re-injection under `ctx` writes anyway (see
 * restoreAnnotations). Without `ctx` such values are kept, so nothing the user wrote is lost.
 * A pod that is not injected comes back as the same reference. Never mutates its input.
 *
 * Where the golden alone cannot tell (a user value equal to what the settings write), the value
 * is taken as the injector's: both originals inject to the same pod.
 */
export function stripInjection(pod: PodView, ctx?: InjectContext): PodView {
  if (!isInjected(pod)) return pod;
  return ctx === undefined ? withoutEmptyMaps(stripInjectedParts(pod)) : originalOf(pod, ctx).pod;
}

/**
 * stripInjection with the injector as the judge, plus the values it kept as the pod's own. With
 * `record` (the workload's record of the user's own keys, user-keys-marker.ts) that record is
 * the truth and no judge runs: listed keys stay (with the value recorded, if any), every other
 * restorable key goes. The
 * judge runs with injection forced on (namespace label enabled, the pod's own injection label and
 * exception labels hidden, every mesh existing) on the pod's own transparent-proxy path: only what
 * injection would write matters here, not whether it would happen.
 */
export function originalOf(injected: PodView, ctx: InjectContext, record?: InjectionRecord): RestoredPod {
  if (record !== undefined) {
    const restored = restoreByUserKeys(stripInjectedParts(injected, record.probes), record.userKeys);
    return { ...restored, pod: withEmptyLists(restored.pod, injected, record.userKeys) };
  }
  const judge = judgeContext(ctx, injectedOnConfigMapPath(injected));
  const readinessPort = ctx.settings.bootstrap.readinessPort;
  const hidden = [INJECTION_LABEL, ...Object.keys(ctx.settings.injector.exceptions.labels)];
  const reinject: Reinjector = (candidate) => {
    const labels = { ...stringMap(candidate.metadata.labels) };
    for (const key of hidden) delete labels[key];
    // The judge sees string values only (what the injector reads); others stay in the candidate.
    const annotations = stringMap(candidate.metadata.annotations);
    const outcome = injectPod({ ...candidate, metadata: { ...candidate.metadata, labels, annotations } } as PodLike, judge);
    if (outcome.kind !== 'injected') return undefined;
    return {
      annotations: withoutReadinessExclusion(outcome.pod as PodView, readinessPort),
      labels: stringMap(outcome.pod.metadata.labels),
    };
  };
  return keepZoneProxyMesh(injected, restoreAnnotations(stripInjectedParts(injected, undefined, readinessPort), reinject));
}

/** The ConfigMap path writes the tproxy config as an annotation; the legacy path never does (spec §14.3). */
function injectedOnConfigMapPath(pod: PodView): boolean {
  return Object.hasOwn(stringMap(pod.metadata.annotations), TPROXY_CONFIG_ANNOTATION);
}

const TPROXY_CONFIG_ANNOTATION = 'traffic.kuma.io/transparent-proxy-config';
/** The Helm default name, used when the judge needs the ConfigMap path and settings name none. */
const DEFAULT_TPROXY_CONFIGMAP = 'kuma-transparent-proxy-config';

/**
 * The judge injects on the transparent-proxy path the pod was injected on (the two paths write
 * different annotations, spec §8 vs §14.3), so switching paths re-renders exactly. A ConfigMap
 * the settings do not describe is judged with the built-in tproxy defaults: the config itself only
 * shapes the always-overwritten annotation.
 */
function judgeContext(ctx: InjectContext, configMapPath: boolean): InjectContext {
  const current = ctx.settings.injector.transparentProxyConfigMap;
  const name = configMapPath ? (current === '' ? DEFAULT_TPROXY_CONFIGMAP : current) : '';
  const settings =
    name === current ? ctx.settings : { ...ctx.settings, injector: { ...ctx.settings.injector, transparentProxyConfigMap: name } };
  return {
    ...ctx,
    settings,
    namespace: { ...ctx.namespace, labels: { ...ctx.namespace.labels, [INJECTION_LABEL]: 'enabled' } },
    meshExists: () => true,
    transparentProxyConfigMap: (configMap) => ctx.transparentProxyConfigMap?.(configMap) ?? { config: {} },
  };
}

/**
 * A zone proxy reaches the 2.14 injector only through a registration that requires the pod label
 * `kuma.io/mesh` (spec §1, webhook 3), so its mesh label is the pod's own even when the injector
 * would write the same value.
 */
function keepZoneProxyMesh(injected: PodView, restored: RestoredPod): RestoredPod {
  const labels = stringMap(injected.metadata.labels);
  const mesh = labels[MESH_LABEL];
  if (mesh === undefined || !Object.hasOwn(labels, ZONE_PROXY_TYPE_LABEL)) return restored;
  const own = restored.pod.metadata.labels;
  if (isRecord(own) && Object.hasOwn(own, MESH_LABEL)) return restored;
  const withMesh = { ...(isRecord(own) ? own : {}), [MESH_LABEL]: mesh } as Record<string, string>;
  return { ...restored, pod: { ...restored.pod, metadata: { ...restored.pod.metadata, labels: withMesh } } };
}

/**
 * The spec's lists injection filled and uninject emptied (init containers, volumes), back as the
 * record says the user wrote them empty (null or []), at the place the key has in the injected
 * spec, which is the user's: the injector fills the list where it stood.
 */
function withEmptyLists(pod: PodView, injected: PodView, userKeys: ReadonlyMap<string, string | undefined>): PodView {
  const emptied = new Map(
    Object.entries(EMPTY_LIST_ENTRIES).flatMap(([list, entry]) => {
      const empty = recordedEmptyList(userKeys, entry);
      return empty === undefined || Object.hasOwn(pod.spec, list) ? [] : [[list, empty] as const];
    }),
  );
  if (emptied.size === 0) return pod;
  const spec: Record<string, unknown> = {};
  for (const key of Object.keys(injected.spec)) {
    if (Object.hasOwn(pod.spec, key)) spec[key] = pod.spec[key];
    else if (emptied.has(key)) spec[key] = emptied.get(key);
  }
  for (const key of Object.keys(pod.spec)) if (!Object.hasOwn(spec, key)) spec[key] = pod.spec[key];
  return { ...pod, spec };
}
