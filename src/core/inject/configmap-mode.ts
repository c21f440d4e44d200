import type { Settings } from '../settings.ts';
import type { StringMap } from './annotation-values.ts';
import { KEY, NAME, TPROXY_BASE_DIR, TPROXY_CUSTOM_DIR } from './keys.ts';
import type { Volume, VolumeMount } from './pod-shape.ts';

/**
 * The files of the ConfigMap transparent-proxy mode (spec §14.5): the downward-API volume that
 * exposes the config annotation, the pod's optional custom ConfigMap, and where they are mounted.
 */

/**
 * True when the injector runs the ConfigMap mode: opt-in where the release still has the
 * annotation-driven path, the only mode where it does not.
 */
export function isConfigMapMode(settings: Settings): boolean {
  return !settings.release.injector.legacyTransparentProxy || settings.injector.transparentProxyConfigMap !== '';
}

/** The pod's custom tproxy ConfigMap name ('' when none). */
function customConfigMap(pod: StringMap): string {
  return pod[KEY.transparentProxyConfigMapName] ?? '';
}

/** Mounts of the base (and custom) config, read-only. */
export function tproxyMounts(pod: StringMap): VolumeMount[] {
  const mounts: VolumeMount[] = [{ name: NAME.tproxyBase, mountPath: TPROXY_BASE_DIR, readOnly: true }];
  if (customConfigMap(pod) !== '') mounts.push({ name: NAME.tproxyCustom, mountPath: TPROXY_CUSTOM_DIR, readOnly: true });
  return mounts;
}

/** `<flag>=<dir>/config.yaml` for the base (and custom) config. */
export function tproxyFlags(pod: StringMap, flag: string): string[] {
  const flags = [`${flag}=${TPROXY_BASE_DIR}/config.yaml`];
  if (customConfigMap(pod) !== '') flags.push(`${flag}=${TPROXY_CUSTOM_DIR}/config.yaml`);
  return flags;
}

/** The pod volumes of the mode: the annotation as a file, and the custom ConfigMap if named. */
export function tproxyVolumes(pod: StringMap): Volume[] {
  const volumes: Volume[] = [
    {
      name: NAME.tproxyBase,
      downwardAPI: {
        items: [{ path: 'config.yaml', fieldRef: { fieldPath: `metadata.annotations['${KEY.transparentProxyConfig}']` } }],
      },
    },
  ];
  const custom = customConfigMap(pod);
  if (custom !== '') volumes.push({ name: NAME.tproxyCustom, configMap: { name: custom } });
  return volumes;
}
