import { KEY } from './keys.ts';

/** Where the mesh of a Pod was found (first non-empty wins). */
export type MeshSource = 'pod label' | 'pod annotation' | 'namespace label' | 'namespace annotation' | 'default';

/**
 * The mesh of a Pod as the webhook and kuma-cp both resolve it (empty values skipped): Pod label
 * `kuma.io/mesh`, then the deprecated Pod annotation, then the Namespace label, then the deprecated
 * Namespace annotation, then `default` (`annotations` false: releases that ignore the annotations).
 */
export function meshOf(
  pod: { labels: Record<string, string>; annotations: Record<string, string> },
  namespace: { labels: Record<string, string>; annotations: Record<string, string> },
  annotations = true,
): { mesh: string; source: MeshSource } {
  const candidates: [string | undefined, MeshSource][] = [
    [pod.labels[KEY.mesh], 'pod label'],
    [annotations ? pod.annotations[KEY.mesh] : undefined, 'pod annotation'],
    [namespace.labels[KEY.mesh], 'namespace label'],
    [annotations ? namespace.annotations[KEY.mesh] : undefined, 'namespace annotation'],
  ];
  for (const [value, source] of candidates) {
    if (value !== undefined && value !== '') return { mesh: value, source };
  }
  return { mesh: 'default', source: 'default' };
}
