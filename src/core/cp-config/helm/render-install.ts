import type { KubeObject } from '../../types.ts';
import type { ControlPlaneInstall, InstallLookups, InstallMount } from '../install.ts';
import type { HelmRender } from './render.ts';

/**
 * A Helm render as the install model kuma-cp's config is computed from (settings.ts): the same
 * shape a rendered Deployment of the bundle gives, so both are derived by one consumer. The chart's
 * config ConfigMap and any `extraConfigMaps[].values` ConfigMaps are objects of the render, found
 * by the lookups before the bundle's.
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
    env: render.env.map((e) => ({ name: e.name, ...(e.value === undefined ? {} : { value: e.value }), ...(e.valueFrom === undefined ? {} : { valueFrom: e.valueFrom }) })),
    configFile: { kind: 'text', path: render.config.path, text: render.config.text, from: `values controlPlane.config (ConfigMap ${render.namespace}/${render.config.configMapName} key config.yaml)` },
    mounts,
    unknownObjects: render.unknownSecrets.map((s) => ({ kind: 'Secret' as const, name: s.name, reason: s.reason })),
    unknowns: render.unknowns,
  };
}

/** The lookups of a values render: the ConfigMaps the chart renders itself come first, then the bundle's. */
export function helmRenderLookups(render: HelmRender, base: InstallLookups): InstallLookups {
  const own = new Map<string, KubeObject>();
  const configMap = (name: string, data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: render.namespace }, data });
  own.set(render.config.configMapName, configMap(render.config.configMapName, { 'config.yaml': render.config.text }));
  for (const cm of render.configMaps) own.set(cm.name, configMap(cm.name, cm.data));
  return {
    readYaml: base.readYaml,
    find: (kind, namespace, name) => {
      const rendered = kind === 'ConfigMap' && namespace === render.namespace ? own.get(name) : undefined;
      return rendered === undefined ? base.find(kind, namespace, name) : { object: rendered, origin: 'bundle' };
    },
  };
}
