/** Where the mesh of a Pod was found (first non-empty wins). */
export type MeshSource = 'pod label' | 'pod annotation' | 'namespace label' | 'namespace annotation' | 'default';

const KEY = 'kuma.io/mesh';

/**
 * The mesh of a Pod as kuma-cp resolves it: Pod label `kuma.io/mesh`, then the deprecated Pod
 * annotation, then the Namespace label, then the deprecated Namespace annotation, then `default`
 * (`annotations` false: releases that ignore the annotations).
 */
export function meshOf(
  pod: { labels: Record<string, string>; annotations: Record<string, string> },
  namespace: { labels: Record<string, string>; annotations: Record<string, string> },
  annotations = true,
): { mesh: string; source: MeshSource } {
  const candidates: [string | undefined, MeshSource][] = [
    [pod.labels[KEY], 'pod label'],
    [annotations ? pod.annotations[KEY] : undefined, 'pod annotation'],
    [namespace.labels[KEY], 'namespace label'],
    [annotations ? namespace.annotations[KEY] : undefined, 'namespace annotation'],
  ];
  for (const [value, source] of candidates) {
    if (value !== undefined && value !== '') return { mesh: value, source };
  }
  return { mesh: 'default', source: 'default' };
}
