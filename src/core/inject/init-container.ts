import type { Settings } from '../settings.ts';
import { getString, getUint32, type StringMap } from './annotation-values.ts';
import { isConfigMapMode, tproxyFlags, tproxyMounts } from './configmap-mode.ts';
import { KEY, NAME } from './keys.ts';
import type { Container } from './pod-shape.ts';
import { initResources } from './resources.ts';

/** `kuma-init` (spec §9, eBPF shape §11) and `kuma-validation` (spec §10) on the legacy path. */

/**
 * Builds kuma-init running `kumactl install transparent-proxy`: with `args` (legacy flags), or in
 * the ConfigMap mode with only the config-file flags (`args` ignored) and their mounts.
 */
export function buildInitContainer(settings: Settings, args: string[], merged: StringMap): Container {
  const { injector } = settings;
  const configMap = isConfigMapMode(settings);
  const ebpf = injector.ebpf.enabled;
  const container: Container = {
    name: NAME.init,
    image: injector.initContainer.image,
    command: ['/usr/bin/kumactl', 'install', 'transparent-proxy'],
    args: configMap ? tproxyFlags(merged, '--config') : args,
    env: ebpf
      ? [{ name: injector.ebpf.instanceIPEnvVarName, valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }]
      : [{ name: 'XTABLES_LOCKFILE', value: '/tmp/xtables.lock' }],
    resources: initResources(settings, 'initContainer', ebpf),
    volumeMounts: [
      { name: NAME.initTmp, mountPath: '/tmp' },
      ...(configMap ? tproxyMounts(merged) : []),
      ...(ebpf
        ? [
            { name: NAME.sysFsCgroup, mountPath: injector.ebpf.cgroupPath },
            { name: NAME.bpfFs, mountPath: injector.ebpf.bpffsPath, mountPropagation: 'Bidirectional' },
          ]
        : []),
    ],
    imagePullPolicy: 'IfNotPresent',
    securityContext: ebpf
      ? { capabilities: {}, privileged: true, runAsUser: 0, runAsGroup: 0, readOnlyRootFilesystem: true }
      : {
          capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
          runAsUser: 0,
          runAsGroup: 0,
          readOnlyRootFilesystem: true,
        },
  };
  return container;
}

/** Builds kuma-validation (CNI mode with inbound redirection) from the merged annotations. */
export function buildValidationContainer(settings: Settings, merged: StringMap): Container {
  const sc = settings.injector.sidecarContainer;
  const configMap = isConfigMapMode(settings);
  const family = getString(merged, KEY.ipFamilyMode) ?? '';
  let port = 15006;
  try {
    port = getUint32(merged, KEY.inboundPort) ?? port;
  } catch {
    // The webhook falls back to the default port when the annotation does not parse.
  }
  return {
    name: NAME.validation,
    image: settings.injector.initContainer.image,
    command: ['/usr/bin/kumactl', 'install', 'transparent-proxy-validator'],
    args: configMap
      ? ['--config-file=/tmp/.kumactl', ...tproxyFlags(merged, '--transparent-proxy-config')]
      : ['--config-file=/tmp/.kumactl', `--ip-family-mode=${family === '' ? 'dualstack' : family}`, `--validation-server-port=${port}`],
    resources: initResources(settings, 'validationContainer', false),
    volumeMounts: [{ name: NAME.sidecarTmp, mountPath: '/tmp' }, ...(configMap ? tproxyMounts(merged) : [])],
    imagePullPolicy: 'IfNotPresent',
    securityContext: {
      capabilities: { drop: ['ALL'] },
      runAsUser: sc.uid,
      runAsGroup: sc.gid,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    },
  };
}
