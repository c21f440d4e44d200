import type { KubeObject, Result } from '../../types.ts';
import type { NamespaceInfo } from '../../settings.ts';
import { describe, resultFor } from '../../results.ts';
import { LOCAL_CONFIG, PREVIEW_OF, RUNTIME_FIELDS, previewKey } from '../../dataplane/preview-identity.ts';
import { meshServicesOf } from './generate.ts';

/** What the MeshService previews read besides the bundle's Services and the Dataplane previews. */
export interface MeshServicePreviewContext {
  namespace(name: string): NamespaceInfo | undefined;
  /** The Mesh object of the bundle (its `spec.meshServices.mode`); undefined when the bundle has none. */
  mesh(name: string): KubeObject | undefined;
  /** kuma-cp multizone.zone.name ('' adds no zone label). */
  zone: string;
  /** Namespace of a Service written without one. */
  defaultNamespace: string;
  inboundTagsDisabled: boolean;
}

/** One MeshService preview and the Service it is of. */
export interface MeshServicePreview {
  object: KubeObject;
  owner: KubeObject;
}

const PLACEHOLDER_UID = '<service-uid>';
const PLACEHOLDER_IP = '<cluster-ip>';

function modeOf(mesh: KubeObject | undefined): string | undefined {
  if (mesh === undefined) return undefined;
  const spec = mesh['spec'];
  const meshServices = spec !== null && typeof spec === 'object' ? (spec as Record<string, unknown>)['meshServices'] : undefined;
  const mode = meshServices !== null && typeof meshServices === 'object' ? (meshServices as Record<string, unknown>)['mode'] : undefined;
  return typeof mode === 'string' ? mode : '';
}

/** `namespace/service` of the Services that select a delegated gateway's Dataplane preview. */
function servicesOfGateways(previews: readonly KubeObject[]): Set<string> {
  const found = new Set<string>();
  for (const p of previews) {
    const networking = (p['spec'] as Record<string, unknown> | undefined)?.['networking'] as Record<string, unknown> | undefined;
    if (p.kind !== 'Dataplane' || networking?.['gateway'] === undefined) continue;
    for (const service of (p.metadata.annotations?.['kuma-inject.dev/services'] ?? '').split(','))
      if (service !== '') found.add(`${p.metadata.namespace ?? ''}/${service}`);
  }
  return found;
}

/**
 * The admission webhook labels a MeshService it admits (zone mode, namespace selected by the
 * webhook): origin, zone and namespace; the display name is kept as an annotation.
 */
function admitted(object: KubeObject, namespaceLabelled: boolean, zone: string): KubeObject {
  if (!namespaceLabelled) return object;
  const labels: Record<string, string> = {
    ...object.metadata.labels,
    'kuma.io/origin': 'zone',
    'k8s.kuma.io/namespace': String(object.metadata.namespace),
  };
  if (zone !== '') labels['kuma.io/zone'] = zone;
  return { ...object, metadata: { ...object.metadata, labels } };
}

function sorted(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The MeshServices kuma-cp's controller derives from the bundle's Services, as previews: marked
 * local-config and with the Service they are of, so they are placed like Dataplane previews and
 * never applied. Services whose MeshServices cannot be known offline (headless Services: one per
 * Pod, named after it; Meshes or Namespaces the bundle lacks) get an info result instead.
 */
export function previewMeshServices(
  items: readonly KubeObject[],
  dataplanes: readonly KubeObject[],
  context: MeshServicePreviewContext,
): { previews: MeshServicePreview[]; results: Result[] } {
  const previews: MeshServicePreview[] = [];
  const results: Result[] = [];
  const unknownMeshes = new Map<string, KubeObject[]>();
  const gatewayServices = servicesOfGateways(dataplanes);
  for (const service of items) {
    if (service.kind !== 'Service' || service.apiVersion !== 'v1' || typeof service.metadata.name !== 'string') continue;
    const namespace = service.metadata.namespace || context.defaultNamespace || 'default';
    // A Namespace neither in the bundle nor in the settings reads as unlabelled, as for the Dataplane previews.
    const info = context.namespace(namespace) ?? { labels: {}, annotations: {} };
    const located = { ...service, metadata: { ...service.metadata, namespace } };
    const outcome = meshServicesOf(located, {
      namespace: info,
      // The default Mesh kuma-cp creates has no meshServices mode (Disabled); another Mesh missing
      // from the bundle is unknown.
      meshMode: (mesh) => (context.mesh(mesh) === undefined && mesh === 'default' ? '' : modeOf(context.mesh(mesh))),
      backsGateway: gatewayServices.has(`${namespace}/${service.metadata.name}`),
      inboundTagsDisabled: context.inboundTagsDisabled,
      endpoints: undefined,
      serviceUid: PLACEHOLDER_UID,
    });
    if (outcome.kind === 'none') {
      if (outcome.reason.startsWith(`Namespace ${namespace} label kuma.io/sidecar-injection has a value`)) {
        results.push(resultFor('KI0852', 'warning', service, `${describe(located)}: ${outcome.reason}. Use enabled or disabled.`));
      }
      continue;
    }
    if (outcome.kind === 'unknown') {
      if (outcome.mesh !== undefined && outcome.reason.startsWith(`Mesh ${outcome.mesh} is not in the bundle`)) {
        unknownMeshes.set(outcome.mesh, [...(unknownMeshes.get(outcome.mesh) ?? []), located]);
      } else if (outcome.mesh !== undefined) {
        results.push(resultFor('KI0851', 'info', service, `${describe(located)}: no MeshService preview: ${outcome.reason}.`));
      }
      continue;
    }
    const labelled = info.labels['kuma.io/sidecar-injection'] !== undefined && namespace !== 'kube-system';
    const spec = service['spec'] as Record<string, unknown> | undefined;
    const selector = spec?.['selector'];
    if (selector === undefined || selector === null || (typeof selector === 'object' && Object.keys(selector).length === 0)) {
      results.push(
        resultFor(
          'KI0853',
          'warning',
          service,
          `${describe(located)}, spec.selector: the Service has no selector, so its MeshService selects by k8s.kuma.io/namespace: ${namespace} alone and matches every Dataplane inbound of the namespace (got no selector). Give the Service a selector, or annotate it kuma.io/ignore: "true" if it is not meant for the mesh.`,
          'spec.selector',
        ),
      );
    }
    for (const object of outcome.objects) {
      const stored = admitted(object, labelled, context.zone);
      const runtime = ['metadata.ownerReferences[0].uid'];
      const vips = (stored['status'] as { vips?: { ip: string }[] } | undefined)?.vips ?? [];
      if (vips.some((v) => v.ip === PLACEHOLDER_IP)) runtime.push('status.vips[0].ip');
      const annotations: Record<string, string> = {
        [LOCAL_CONFIG]: 'true',
        [PREVIEW_OF]: previewKey(service, namespace),
        [RUNTIME_FIELDS]: runtime.join(','),
      };
      // Admission keeps the display name as an annotation (the store adapter reads it back as a label).
      if (labelled) annotations['kuma.io/display-name'] = String(stored.metadata.name);
      const { name, namespace: ns, labels, ownerReferences } = stored.metadata;
      previews.push({
        owner: service,
        object: { ...stored, metadata: { name, namespace: ns, labels: sorted(labels ?? {}), annotations, ownerReferences } },
      });
    }
  }
  for (const [mesh, services] of unknownMeshes) {
    const first = services[0] as KubeObject;
    results.push(
      resultFor(
        'KI0851',
        'info',
        first,
        `${services.length === 1 ? describe(first) : `${describe(first)} and ${services.length - 1} other Service(s)`}: no MeshService preview: Mesh ${mesh} is not in the bundle, so its spec.meshServices.mode (which decides whether kuma-cp makes MeshServices) is unknown. Add the Mesh to the bundle or as cluster state (--cluster-state).`,
      ),
    );
  }
  return { previews, results };
}
