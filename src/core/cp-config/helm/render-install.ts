import type { ControlPlaneInstall, InstallMount } from '../install.ts';
import type { HelmRender } from './render.ts';

/**
 * A Helm render as the install model kuma-cp's config is computed from (settings.ts): the same
 * shape a rendered Deployment of the bundle gives, so both are derived by one consumer. The config
 * file comes with its text; other mounted objects (Secrets, `extraConfigMaps`) are looked up in the
 * input and side inputs like a rendered install's.
 */
export function installFromHelmRender(render: HelmRender, describedAs: string, files: string[]): ControlPlaneInstall {
  const mounts: InstallMount[] = render.mounts.map((m) => ({
    mountPath: m.mountPath,
    ...(m.subPath === undefined ? {} : { subPath: m.subPath }),
    volume: m.volume,
    source: m.source,
  }));
  return {
    origin: { kind: 'helm-values', files },
    describedAs,
    namespace: render.namespace,
    releaseName: render.name,
    image: render.controlPlaneImage,
    env: render.env.map((e) => ({
      name: e.name,
      ...(e.value === undefined ? {} : { value: e.value }),
      ...(e.valueFrom === undefined ? {} : { valueFrom: e.valueFrom }),
    })),
    configFile: {
      kind: 'text',
      path: render.config.path,
      text: render.config.text,
      from: `values controlPlane.config (ConfigMap ${render.namespace}/${render.config.configMapName} key config.yaml)`,
    },
    mounts,
    unknownObjects: render.unknownSecrets.map((s) => ({ kind: 'Secret' as const, name: s.name, reason: s.reason })),
    unknowns: render.unknowns,
  };
}
