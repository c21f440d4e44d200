import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { defaultSettings } from '../../../src/config/profiles.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import type { Settings } from '../../../src/core/settings.ts';
import { indexServices } from '../../../src/core/dataplane/service-index.ts';
import { previewDataplane, type PreviewInput, type PreviewOutcome } from '../../../src/core/dataplane/preview.ts';

export const settings: Settings = { ...defaultSettings('kong-mesh', '2.14'), zone: 'zone-1' };

/** Reads a fixture of test/fixtures/dataplane. */
export function fixture(path: string): KubeObject[] {
  const text = readFileSync(new URL(`../../fixtures/dataplane/${path}`, import.meta.url), 'utf8');
  return parseAllDocuments(text)
    .map((d) => d.toJS() as KubeObject)
    .filter((d) => d !== null);
}

/** What the injector leaves on a template: the annotations kuma-cp reads, and the mesh label. */
function injected(metadata: KubeObject['metadata'], mesh = 'default', extra: Record<string, string> = {}): KubeObject['metadata'] {
  return {
    ...metadata,
    labels: { ...metadata.labels, 'kuma.io/mesh': mesh },
    annotations: {
      ...metadata.annotations,
      'kuma.io/sidecar-injected': 'true',
      'kuma.io/envoy-admin-port': '9901',
      'kuma.io/transparent-proxying': 'enabled',
      'kuma.io/transparent-proxying-inbound-port': '15006',
      'kuma.io/transparent-proxying-outbound-port': '15001',
      ...extra,
    },
  };
}

export function deployment(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  containers: unknown[] = [],
  annotations: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels, annotations }, spec: { containers } } },
  };
}

export function service(
  name: string,
  namespace: string,
  selector: Record<string, string>,
  ports: unknown[],
  extra: Record<string, unknown> = {},
  annotations?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, ...(annotations ? { annotations } : {}) },
    spec: { selector, ports, ...extra },
  };
}

/** Previews the (already injected) template of a workload against the bundle's Services. */
export function preview(
  owner: KubeObject,
  bundle: readonly KubeObject[],
  overrides: Partial<PreviewInput> = {},
  mesh = 'default',
  extra: Record<string, string> = {},
): PreviewOutcome {
  const template =
    owner.kind === 'Pod'
      ? { metadata: owner.metadata, spec: owner['spec'] as Record<string, unknown> }
      : (owner['spec'] as { template: { metadata: KubeObject['metadata']; spec: Record<string, unknown> } }).template;
  return previewDataplane({
    pod: { metadata: injected(template.metadata, mesh, extra), spec: template.spec },
    namespace: owner.metadata.namespace ?? 'default',
    owner,
    services: indexServices(bundle),
    namespaceLabels: { 'kuma.io/sidecar-injection': 'enabled' },
    namespaceAnnotations: {},
    settings,
    ...overrides,
  });
}

type Inbound = { port: number; name?: string; tags?: Record<string, string>; protocol?: string; state?: string; health?: object };

export function inbounds(dataplane: KubeObject | undefined): Inbound[] {
  return (dataplane?.['spec'] as { networking: { inbound?: Inbound[] } } | undefined)?.networking.inbound ?? [];
}

/** A Namespace labelled for injection: every pod in it is injected. */
export function meshNamespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kuma.io/sidecar-injection': 'enabled' } } };
}
