import type { KubeObject } from '../../types.ts';
import { hasPlaceholder } from '../../dataplane/runtime-placeholders.ts';
import { PREVIEW_OF } from '../../dataplane/preview-identity.ts';
import { dataplaneView, type DataplaneView } from '../match/dataplane-view.ts';

/** Annotations the Kubernetes store adapter reads back as labels when kuma-cp matches. */
const ADAPTER_LABELS = ['kuma.io/display-name', 'k8s.kuma.io/service-account', 'kuma.io/workload'];

/** A Dataplane preview as the matcher sees it, and the workload it previews. */
export interface PreviewedDataplane {
  readonly preview: KubeObject;
  /** `Kind/namespace/name` of the workload (the preview's `kuma-inject.dev/preview-of`). */
  readonly workload: string;
  readonly view: DataplaneView;
  /** The Pod name (the Dataplane's display name) is only known at runtime (it holds a placeholder). */
  readonly nameAtRuntime: boolean;
}

/**
 * Reads a Dataplane preview (stored form) as kuma-cp's matcher reads the stored Dataplane: core
 * name `<name>.<namespace>`, labels plus the annotations the store adapter turns back into labels.
 */
export function previewedDataplane(preview: KubeObject): PreviewedDataplane {
  const annotations = preview.metadata.annotations ?? {};
  const labels: Record<string, string> = { ...(preview.metadata.labels ?? {}) };
  for (const key of ADAPTER_LABELS) if (typeof annotations[key] === 'string') labels[key] = annotations[key];
  const name = String(preview.metadata.name ?? '');
  if (labels['kuma.io/display-name'] === undefined || labels['kuma.io/display-name'] === '') labels['kuma.io/display-name'] = name;
  const mesh = typeof preview['mesh'] === 'string' && preview['mesh'] !== '' ? preview['mesh'] : 'default';
  const spec = preview['spec'] as Record<string, unknown> | undefined;
  const view = dataplaneView(
    { type: 'Dataplane', name: `${name}.${preview.metadata.namespace ?? ''}`, mesh, labels },
    spec?.['networking'],
  );
  return { preview, workload: annotations[PREVIEW_OF] ?? '', view, nameAtRuntime: hasPlaceholder(name) };
}
