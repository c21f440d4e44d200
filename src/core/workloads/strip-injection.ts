import { injectPod, type InjectContext, type PodLike } from '../inject/inject-pod.ts';
import { stringMap } from './json-shapes.ts';
import { isInjected, stripInjectedParts, withoutReadinessExclusion, type PodView } from './injected-parts.ts';
import { restoreAnnotations, withoutEmptyMaps, type Reinjector, type RestoredPod } from './restore-annotations.ts';
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
 * stripInjection with the injector as the judge, plus the values it kept as the pod's own. The
 * judge runs with injection forced on (namespace label enabled, the pod's own injection label and
 * exception labels hidden, every mesh existing): only what injection would write matters here,
 * not whether it would happen.
 */
export function originalOf(injected: PodView, ctx: InjectContext): RestoredPod {
  const judge = judgeContext(ctx);
  const hidden = [INJECTION_LABEL, ...Object.keys(ctx.settings.injector.exceptions.labels)];
  const reinject: Reinjector = (candidate) => {
    const labels = { ...stringMap(candidate.metadata.labels) };
    for (const key of hidden) delete labels[key];
    const outcome = injectPod({ ...candidate, metadata: { ...candidate.metadata, labels } } as PodLike, judge);
    if (outcome.kind !== 'injected') return undefined;
    return { annotations: withoutReadinessExclusion(outcome.pod as PodView), labels: stringMap(outcome.pod.metadata.labels) };
  };
  return keepZoneProxyMesh(injected, restoreAnnotations(stripInjectedParts(injected), reinject));
}

function judgeContext(ctx: InjectContext): InjectContext {
  return {
    ...ctx,
    namespace: { ...ctx.namespace, labels: { ...ctx.namespace.labels, [INJECTION_LABEL]: 'enabled' } },
    meshExists: () => true,
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
  const own = stringMap(restored.pod.metadata.labels);
  if (Object.hasOwn(own, MESH_LABEL)) return restored;
  return { ...restored, pod: { ...restored.pod, metadata: { ...restored.pod.metadata, labels: { ...own, [MESH_LABEL]: mesh } } } };
}
