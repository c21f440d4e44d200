import { KEY, annotationPath, labelPath } from '../kuma-api/keys.ts';
import type { KubeObject, Result } from '../types.ts';
import type { Settings } from '../settings.ts';
import { describe, resultFor } from '../results.ts';
import { asRecord, asText } from './kube-values.ts';
import { meshOf, type MeshSource } from '../kuma-api/mesh-of.ts';
import type { PodView } from './pod-view.ts';
import type { ServiceIndex } from './service-index.ts';
import { templateFields, type TemplateField } from './template-paths.ts';

/** Where the mesh name came from, as a field path for messages. */
const MESH_SOURCE_FIELD: Readonly<Record<MeshSource, (templateField: TemplateField, namespace: string) => string>> = {
  'pod label': (templateField) => templateField(labelPath(KEY.mesh)),
  'pod annotation': (templateField) => templateField(annotationPath(KEY.mesh)),
  'namespace label': (_field, ns) => `Namespace ${ns} ${labelPath(KEY.mesh)}`,
  'namespace annotation': (_field, ns) => `Namespace ${ns} ${annotationPath(KEY.mesh)}`,
  default: () => 'mesh',
}; /**
 * The mesh of a workload's Pods (Pod label, deprecated Pod annotation, Namespace label, deprecated
 * Namespace annotation, `default`), the `meshServices.mode` of its Mesh object when the bundle has
 * one, and warnings for a deprecated source or a Mesh that exists nowhere.
 */
export function resolveMesh(
  input: {
    owner: KubeObject;
    namespace: string;
    services: ServiceIndex;
    namespaceLabels: Record<string, string>;
    namespaceAnnotations: Record<string, string>;
    settings: Settings;
  },
  pod: PodView,
): { mesh: string; meshServicesMode: string; results: Result[] } {
  const { owner, namespace } = input;
  const results: Result[] = [];
  const { mesh, source } = meshOf(
    pod,
    { labels: input.namespaceLabels, annotations: input.namespaceAnnotations },
    input.settings.release.converter.meshAnnotation,
  );
  const where = MESH_SOURCE_FIELD[source](templateFields(owner, input.settings.workloadKinds), namespace);
  const meshObject = input.services.mesh(mesh);
  if (source === 'pod annotation' || source === 'namespace annotation') {
    results.push(
      resultFor(
        'KI0513',
        'warning',
        owner,
        `${describe(owner)}, ${where}: the kuma.io/mesh annotation is deprecated (got "${mesh}"); kuma-cp still honours it. Use the kuma.io/mesh label instead.`,
      ),
    );
  }
  if (meshObject === undefined && mesh !== 'default' && !input.settings.meshes.includes(mesh)) {
    results.push(
      resultFor(
        'KI0514',
        'warning',
        owner,
        `${describe(owner)}, ${where}: Mesh "${mesh}" is neither in the bundle nor in settings.meshes (got "${mesh}"); kuma-cp creates no Dataplane until the Mesh exists. Add the Mesh, or list it in settings.meshes if it exists in the cluster.`,
      ),
    );
  }
  const meshServicesMode = asText(asRecord(asRecord(meshObject?.['spec'])?.['meshServices'])?.['mode']);
  return { mesh, meshServicesMode, results };
}
