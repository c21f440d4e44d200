import type { Settings } from '../settings.ts';
import { realProbePorts } from './app-probes.ts';
import type { InjectContext, PodLike } from './inject-pod.ts';
import { isConfigMapMode, tproxyVolumes } from './configmap-mode.ts';
import { buildInitContainer, buildValidationContainer } from './init-container.ts';
import { KEY } from './keys.ts';
import { kumactlArgs, podRedirectFrom } from './kumactl-flags.ts';
import { legacyAnnotations } from './legacy-annotations.ts';
import { volumesOf, type Container } from './pod-shape.ts';
import { TproxyError, loadTproxyConfig } from './tproxy-config.ts';
import { configMapAnnotations, configMapMissing, podTproxyConfig } from './tproxy-pod-config.ts';
import { WebhookError } from './webhook-error.ts';

/**
 * Step 6 of the mutation (spec §4): the transparent-proxy annotations and the init slot, on the
 * legacy path (§8–§10, the default) or the opt-in ConfigMap path (§14).
 */
export interface TproxyStep {
  /** The pod's annotations after the webhook's were copied over them. */
  merged: Record<string, string>;
  /** kuma-init, kuma-validation, or nothing (CNI with inbound redirection off). */
  init: Container | undefined;
}

/** Copies the webhook's annotations over the pod's (existing keys keep their place, new ones sorted) and sets the mesh label. */
function writeMetadata(pod: PodLike, written: Record<string, string>, mesh: string): Record<string, string> {
  const merged = pod.metadata.annotations ?? {};
  for (const key of Object.keys(written).sort()) merged[key] = written[key] ?? '';
  pod.metadata.annotations = merged;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [KEY.mesh]: mesh };
  return merged;
}

function legacyPath(pod: PodLike, settings: Settings, mesh: string): TproxyStep {
  const merged = writeMetadata(pod, legacyAnnotations(pod.metadata.annotations ?? {}, settings), mesh);
  const redirect = podRedirectFrom(merged);
  if (!settings.injector.cniEnabled) return { merged, init: buildInitContainer(settings, kumactlArgs(redirect), merged) };
  return { merged, init: redirect.redirectInbound ? buildValidationContainer(settings, merged) : undefined };
}

function configMapPath(pod: PodLike, ctx: InjectContext, mesh: string): TproxyStep {
  const { settings } = ctx;
  const name = settings.injector.transparentProxyConfigMap;
  const found = ctx.transparentProxyConfigMap?.(name);
  if (found === undefined) throw configMapMissing(name, 'not-found', settings.systemNamespace);
  if (found.config === undefined || found.config === null || found.config === '')
    throw configMapMissing(name, 'empty', settings.systemNamespace);
  let base;
  try {
    base = loadTproxyConfig(found.config);
  } catch (error) {
    if (!(error instanceof TproxyError)) throw error;
    throw new WebhookError(`could not retrieve transparent proxy configuration: ${error.message}`, {
      field: 'injector.transparentProxyConfigMap',
      got: name,
      hint: `expected a valid transparent-proxy config in key config.yaml of ConfigMap ${settings.systemNamespace}/${name}. Fix the ConfigMap`,
    });
  }
  const annotations = pod.metadata.annotations ?? {};
  const config = podTproxyConfig(annotations, base, settings, () => realProbePorts(pod));
  pod.spec.volumes = [...volumesOf(pod), ...tproxyVolumes(annotations)];
  const merged = writeMetadata(pod, configMapAnnotations(annotations, config, settings), mesh);
  if (!config.cniMode) return { merged, init: buildInitContainer(settings, [], merged) };
  return { merged, init: config.redirect.inbound.enabled ? buildValidationContainer(settings, merged) : undefined };
}

/** Runs the transparent-proxy step of the configured mode. Throws WebhookError. */
export function transparentProxyStep(pod: PodLike, ctx: InjectContext, mesh: string): TproxyStep {
  return isConfigMapMode(ctx.settings) ? configMapPath(pod, ctx, mesh) : legacyPath(pod, ctx.settings, mesh);
}
