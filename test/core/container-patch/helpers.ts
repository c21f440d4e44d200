/** Shared builders for the ContainerPatch tests. */
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import type { ContainerPatchOp, ContainerPatchSpec, NamedContainerPatch } from '../../../src/core/container-patch/types.ts';
import type { KubeObject } from '../../../src/core/types.ts';

export const SYSTEM_NS = 'kong-mesh-system';

/** A kuma.io/v1alpha1 ContainerPatch object. */
export function patchObject(name: string, spec: unknown, namespace: string | undefined = SYSTEM_NS): KubeObject {
  const metadata: KubeObject['metadata'] = { name };
  if (namespace !== undefined) metadata.namespace = namespace;
  return { apiVersion: 'kuma.io/v1alpha1', kind: 'ContainerPatch', metadata, spec };
}

/** A patch as the injector hands it to applyContainerPatches. */
export function named(name: string, spec: ContainerPatchSpec): NamedContainerPatch {
  return { name, spec, object: patchObject(name, spec) };
}

export function sidecarOps(name: string, ops: ContainerPatchOp[]): NamedContainerPatch {
  return named(name, { sidecarPatch: ops });
}

/**
 * kuma-sidecar as spec §20 describes it with v2.14 defaults (the fields a patch is likely to touch;
 * env shortened), in Kubernetes JSON form.
 */
export function sidecar(): Record<string, unknown> {
  return {
    name: 'kuma-sidecar',
    image: 'docker.io/kong/kuma-dp:2.14.3',
    imagePullPolicy: 'IfNotPresent',
    args: ['run', '--log-level=info'],
    env: [
      { name: 'KUMA_DATAPLANE_MESH', value: 'default' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
    ],
    readinessProbe: {
      httpGet: { path: '/ready', port: 9902 },
      initialDelaySeconds: 1,
      periodSeconds: 5,
      timeoutSeconds: 3,
      successThreshold: 1,
      failureThreshold: 12,
    },
    resources: {
      requests: { cpu: '50m', memory: '64Mi', 'ephemeral-storage': '50M' },
      limits: { memory: '512Mi', 'ephemeral-storage': '1G' },
    },
    securityContext: { runAsUser: 5678, runAsGroup: 5678 },
    volumeMounts: [{ name: 'kuma-sidecar-tmp', mountPath: '/tmp' }],
  };
}

/** kuma-init as spec §9 describes it (legacy path, v2.14 defaults), in Kubernetes JSON form. */
export function init(): Record<string, unknown> {
  return {
    name: 'kuma-init',
    image: 'docker.io/kong/kuma-init:2.14.3',
    imagePullPolicy: 'IfNotPresent',
    command: ['/usr/bin/kumactl', 'install', 'transparent-proxy'],
    args: ['--exclude-inbound-ports=9902,9001', '--redirect-all-dns-traffic', '--verbose'],
    resources: { requests: { cpu: '20m', memory: '20M' }, limits: { memory: '50M' } },
    securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] }, runAsGroup: 0, runAsUser: 0 },
    volumeMounts: [{ name: 'kuma-init-tmp', mountPath: '/tmp' }],
  };
}

/** A fixture of test/fixtures/container-patch/, parsed. */
export function fixture<T = unknown>(name: string): T {
  return yaml.load(readFileSync(new URL(`../../fixtures/container-patch/${name}`, import.meta.url), 'utf8')) as T;
}
