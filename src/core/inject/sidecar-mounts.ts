import type { Settings } from '../settings.ts';
import { getString } from './annotation-values.ts';
import type { PodLike } from './inject-pod.ts';
import { KEY, NAME, TOKEN_MOUNT_PATH, annotationPath } from './keys.ts';
import { containersOf, mountsOf, volumesOf, type VolumeMount } from './pod-shape.ts';
import { isConfigMapMode, tproxyMounts } from './configmap-mode.ts';
import { spireEnabled } from './sidecar-env.ts';
import { WebhookError } from './webhook-error.ts';

/**
 * `kuma-sidecar` volume mounts in the webhook's order (spec §6.6): its tmp dir, the ConfigMap
 * mode's config files (§14.5), then either the
 * annotated token volume, or the SPIRE socket and a copy of the first service-account token mount.
 */
export function sidecarMounts(pod: PodLike, settings: Settings): VolumeMount[] {
  const annotations = pod.metadata.annotations ?? {};
  const out: VolumeMount[] = [{ name: NAME.sidecarTmp, mountPath: '/tmp' }];
  if (isConfigMapMode(settings)) out.push(...tproxyMounts(annotations));
  const tokenVolume = getString(annotations, KEY.tokenVolume);
  if (tokenVolume !== undefined) {
    if (!volumesOf(pod).some((v) => v.name === tokenVolume)) {
      throw new WebhookError(`volume (${tokenVolume}) specified for ${KEY.tokenVolume} but volume does not exist in pod spec`, {
        field: annotationPath(KEY.tokenVolume),
        got: tokenVolume,
        hint: 'expected the name of a volume of spec.volumes. Add the volume or fix the annotation',
      });
    }
    out.push({ name: tokenVolume, mountPath: TOKEN_MOUNT_PATH, readOnly: true });
    return out;
  }
  if (spireEnabled(annotations, settings)) {
    out.push({ name: NAME.spireSocket, mountPath: settings.injector.spire.mountPath, readOnly: true });
  }
  for (const container of containersOf(pod, 'containers')) {
    const token = mountsOf(container).find((m) => m.mountPath === TOKEN_MOUNT_PATH);
    if (token !== undefined) {
      out.push(structuredClone(token));
      break;
    }
  }
  return out;
}
