/** Where the mesh of a Pod was found (first non-empty wins). */
export type MeshSource = 'pod label' | 'pod annotation' | 'namespace label' | 'namespace annotation' | 'default';

const KEY = 'kuma.io/mesh';

/**
 * The mesh of a Pod as kuma-cp 2.14 resolves it: Pod label `kuma.io/mesh`, then the deprecated Pod
 * annotation, then the Namespace label, then the deprecated Namespace annotation, then `default`.
 */
export function meshOf(
  pod: { labels: Record<string, string>; annotations: Record<string, string> },
  namespace: { labels: Record<string, string>; annotations: Record<string, string> },
): { mesh: string; source: MeshSource } {
  const candidates: [string | undefined, MeshSource][] = [
    [pod.labels[KEY], 'pod label'],
    [pod.annotations[KEY], 'pod annotation'],
    [namespace.labels[KEY], 'namespace label'],
    [namespace.annotations[KEY], 'namespace annotation'],
  ];
  for (const [value, source] of candidates) {
    if (value !== undefined && value !== '') return { mesh: value, source };
  }
  return { mesh: 'default', source: 'default' };
}
