import type { KubeObject } from '../types.ts';
import { getEnabled, getString } from './annotation-values.ts';
import type { InjectContext, PodLike } from './inject-pod.ts';
import { goQuoteList } from '../kuma-api/go-strconv.ts';
import { meshOf } from '../kuma-api/mesh-of.ts';
import { KEY, NAME } from './keys.ts';
import { containersOf, type Container } from './pod-shape.ts';
import { WebhookError } from './webhook-error.ts';

/** What the pre-check decided (spec §2): skip with the webhook's reason, or inject into `mesh`. */
export type PrecheckOutcome = { kind: 'skip'; reason: string } | { kind: 'inject'; mesh: string; warnings: string[] };

function isExceptionPod(labels: Record<string, string>, exceptions: Record<string, string>): string | undefined {
  for (const [key, value] of Object.entries(exceptions)) {
    // Own labels only: an exception key such as "constructor" must not match every pod.
    const podValue = getString(labels, key);
    if (podValue !== undefined && (value === '*' || value === podValue)) return key;
  }
  return undefined;
}

/** The mesh the webhook picks (the annotations only where the release still reads them); explicit unless `default` by fallback. */
function meshOfPod(pod: PodLike, ctx: InjectContext): { mesh: string; explicit: boolean } {
  const { mesh, source } = meshOf(
    { labels: pod.metadata.labels ?? {}, annotations: pod.metadata.annotations ?? {} },
    ctx.namespace,
    ctx.settings.release.injector.meshAnnotation,
  );
  return { mesh, explicit: source !== 'default' };
}

function selects(service: KubeObject, labels: Record<string, string>): boolean {
  const spec = service.spec as { selector?: Record<string, string> } | undefined;
  const selector = spec?.selector ?? {};
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

function isIgnored(service: KubeObject): boolean {
  const value = service.metadata.annotations?.[KEY.ignore];
  return value === 'enabled' || value === 'true' || value === 'yes';
}

/** A pod labelled as a zone proxy, or selected by a Service labelled as one (not ignored). */
function isZoneProxy(pod: PodLike, ctx: InjectContext): boolean {
  const labels = pod.metadata.labels ?? {};
  if ((labels[KEY.zoneProxyType] ?? '') !== '') return true;
  return ctx
    .servicesSelecting(pod)
    .some((svc) => selects(svc, labels) && !isIgnored(svc) && (svc.metadata.labels?.[KEY.zoneProxyType] ?? '') !== '');
}

function runAsUser(container: Container): unknown {
  const sc = container.securityContext as { runAsUser?: unknown } | undefined;
  return sc?.runAsUser;
}

/** Decides skip / inject / error in the webhook's exact order. Throws WebhookError on rejection. */
export function precheck(pod: PodLike, ctx: InjectContext): PrecheckOutcome {
  const { injector, release } = ctx.settings;
  const labels = pod.metadata.labels ?? {};
  const exception = isExceptionPod(labels, injector.exceptions.labels);
  if (exception !== undefined) {
    return { kind: 'skip', reason: `the pod carries label ${exception}, an injection exception (injector.exceptions.labels)` };
  }
  const all = [...containersOf(pod, 'containers'), ...containersOf(pod, 'initContainers')];
  if (all.some((c) => c.name === NAME.sidecar)) {
    return { kind: 'skip', reason: 'the pod already has a kuma-sidecar container' };
  }
  const podValue = getEnabled(labels, KEY.sidecarInjection, 'label');
  if (podValue === false) return { kind: 'skip', reason: `the pod label ${KEY.sidecarInjection} disables injection` };
  if (podValue === undefined) {
    let nsValue: boolean | undefined;
    try {
      nsValue = getEnabled(ctx.namespace.labels, KEY.sidecarInjection, 'label');
    } catch (error) {
      if (error instanceof WebhookError) {
        throw new WebhookError(error.message, {
          got: getString(ctx.namespace.labels, KEY.sidecarInjection) ?? '',
          hint: `expected enabled or disabled on the label of Namespace ${ctx.namespace.name}. Fix the Namespace label`,
        });
      }
      throw error;
    }
    if (nsValue === undefined) {
      return { kind: 'skip', reason: `neither the pod nor Namespace ${ctx.namespace.name} has the label ${KEY.sidecarInjection}` };
    }
    if (!nsValue) return { kind: 'skip', reason: `Namespace ${ctx.namespace.name} label ${KEY.sidecarInjection} disables injection` };
  }
  const { mesh, explicit } = meshOfPod(pod, ctx);
  if (!ctx.meshExists(mesh)) {
    const zoneProxyException = release.injector.zoneProxyInjection && explicit && isZoneProxy(pod, ctx);
    if (!zoneProxyException) {
      const options: { field?: string; got: string; hint: string } = {
        got: mesh,
        hint: `expected a Mesh named ${mesh} in the bundle or in settings.meshes. Add the Mesh or set the kuma.io/mesh label`,
      };
      if (pod.metadata.labels?.[KEY.mesh]) options.field = `metadata.labels["${KEY.mesh}"]`;
      else if (release.injector.meshAnnotation && pod.metadata.annotations?.[KEY.mesh])
        options.field = `metadata.annotations["${KEY.mesh}"]`;
      throw new WebhookError(`meshes.kuma.io "${mesh}" not found`, options);
    }
  }
  const uid = injector.sidecarContainer.uid;
  const warnings = containersOf(pod, 'initContainers')
    .filter((c) => runAsUser(c) === uid)
    .map((c) => `init container ${c.name} runs as the sidecar UID ${uid}, so its traffic bypasses the transparent proxy`);
  const containers = containersOf(pod, 'containers');
  const clashing = containers.filter((c) => runAsUser(c) === uid).map((c) => c.name);
  if (clashing.length > 0) {
    const first = containers.findIndex((c) => runAsUser(c) === uid);
    throw new WebhookError(`containers using same UID as sidecar is unsupported: ${goQuoteList(clashing)}`, {
      field: `spec.containers[${first}].securityContext.runAsUser`,
      got: String(uid),
      hint: `expected no container to run as the sidecar UID ${uid}. Change the container's runAsUser`,
    });
  }
  return { kind: 'inject', mesh, warnings };
}
