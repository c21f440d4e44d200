/** Builds an InjectContext from profile defaults for unit tests: namespace labelled for injection, Mesh `default`. */
import type { NamedContainerPatch } from '../../../src/core/container-patch/types.ts';
import type { InjectContext, InjectOutcome, PodLike } from '../../../src/core/inject/inject-pod.ts';
import { injectPod } from '../../../src/core/inject/inject-pod.ts';
import type { Product, Settings } from '../../../src/core/settings.ts';
import type { Version } from '../../../src/config/releases.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';

export interface TestWorld {
  settings?: (s: Settings) => void;
  product?: Product;
  version?: Version;
  namespaceLabels?: Record<string, string>;
  namespaceAnnotations?: Record<string, string>;
  meshes?: string[];
  patches?: Record<string, NamedContainerPatch['spec']>;
  services?: KubeObject[];
}

export function contextOf(world: TestWorld = {}): InjectContext {
  const settings = defaultSettings(world.product ?? 'kuma', world.version ?? '2.14');
  settings.controlPlane.caCert = 'PEM\n';
  world.settings?.(settings);
  const meshes = new Set(world.meshes ?? ['default']);
  return {
    settings,
    namespace: {
      name: 'app',
      labels: world.namespaceLabels ?? { 'kuma.io/sidecar-injection': 'enabled' },
      annotations: world.namespaceAnnotations ?? {},
    },
    meshExists: (name) => meshes.has(name),
    containerPatch: (name) => {
      const spec = world.patches?.[name];
      if (spec === undefined) return undefined;
      const object: KubeObject = {
        apiVersion: 'kuma.io/v1alpha1',
        kind: 'ContainerPatch',
        metadata: { name, namespace: settings.systemNamespace },
        spec,
      };
      return { name, spec, object };
    },
    servicesSelecting: () => world.services ?? [],
    transparentProxyConfigMap: (name) =>
      Object.hasOwn(settings.transparentProxyConfigs, name) ? { config: settings.transparentProxyConfigs[name] } : undefined,
  };
}

/** Pod `web` in `app` with one container, optionally changed by `edit`. */
export function webPod(edit?: (pod: PodLike) => void): PodLike {
  const pod: PodLike = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'app', labels: { app: 'web' } },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'web:1',
          ports: [{ name: 'http', containerPort: 8080 }],
          readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, timeoutSeconds: 2 },
        },
      ],
    },
  };
  edit?.(pod);
  return pod;
}

export function withAnnotations(annotations: Record<string, string>): (pod: PodLike) => void {
  return (pod) => {
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), ...annotations };
  };
}

/** Injects and insists on success. */
export function injected(pod: PodLike, world: TestWorld = {}): PodLike {
  const outcome: InjectOutcome = injectPod(pod, contextOf(world));
  if (outcome.kind !== 'injected') throw new Error(`expected injection, got ${JSON.stringify(outcome)}`);
  return outcome.pod;
}

/** Injects and insists on failure; returns the webhook's message. */
export function failedWith(pod: PodLike, world: TestWorld = {}): Extract<InjectOutcome, { kind: 'failed' }> {
  const outcome = injectPod(pod, contextOf(world));
  if (outcome.kind !== 'failed') throw new Error(`expected failure, got ${outcome.kind}`);
  return outcome;
}

export type C = Record<string, any>;

export function container(pod: PodLike, list: 'containers' | 'initContainers', name: string): C {
  const found = (pod.spec[list] as C[] | undefined)?.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no ${name} in ${list}`);
  return found;
}

export function envOf(c: C): Record<string, unknown> {
  return Object.fromEntries((c.env as C[]).map((e) => [e.name, e.value ?? e.valueFrom ?? '']));
}
