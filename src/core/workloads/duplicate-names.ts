import { isRecord } from './json-shapes.ts';

/**
 * Names that injection made repeat among a pod's containers and init containers (one namespace
 * for the API server) or among its volumes: used more often in `after` than in `before`. The API
 * server rejects such a pod, and a re-render could no longer tell which one it injected. A name
 * the input already repeats is the input's own problem and not counted here (upstream's goldens
 * inject such a pod as the webhook does). Each entry: the field of the repeat and the name.
 */
export function duplicateNames(before: Record<string, unknown>, after: Record<string, unknown>): { field: string; name: string }[] {
  const found: { field: string; name: string }[] = [];
  for (const lists of [['initContainers', 'containers'], ['volumes']]) {
    const had = countNames(before, lists);
    const seen = new Map<string, number>();
    for (const list of lists) {
      const value = after[list];
      if (!Array.isArray(value)) continue;
      value.forEach((entry: unknown, index) => {
        if (!isRecord(entry) || typeof entry.name !== 'string') return;
        const count = (seen.get(entry.name) ?? 0) + 1;
        seen.set(entry.name, count);
        if (count > 1 && count > (had.get(entry.name) ?? 0)) found.push({ field: `spec.${list}[${index}]`, name: entry.name });
      });
    }
  }
  return found;
}

function countNames(spec: Record<string, unknown>, lists: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const list of lists) {
    const value = spec[list];
    if (!Array.isArray(value)) continue;
    for (const entry of value)
      if (isRecord(entry) && typeof entry.name === 'string') counts.set(entry.name, (counts.get(entry.name) ?? 0) + 1);
  }
  return counts;
}

/** The error text for `duplicates`; names the injector adds (`injected`) are marked as such. */
export function duplicateMessage(duplicates: readonly { field: string; name: string }[], injected: ReadonlySet<string>): string {
  const parts = duplicates.map(
    ({ field, name }) => `${JSON.stringify(name)} (again at ${field}${injected.has(name) ? ', a name the injector uses' : ''})`,
  );
  return (
    `the pod would have ${duplicates.length === 1 ? 'a name' : 'names'} used twice among its containers or volumes: ${parts.join(', ')}; the API server rejects such a pod, and a re-render could not tell which one was injected. ` +
    "Rename the pod's own container or volume (kuma-sidecar, kuma-init, kuma-validation and the kuma-* volumes are the injector's), or fix the ContainerPatch that renames one."
  );
}

/**
 * Names the input pod itself repeats within `containers` or within `initContainers`: the API
 * server refuses such a pod, and a re-render keys what it restores (probe records) by container
 * name. A name shared across the two lists is left alone: upstream's goldens inject such a pod.
 */
export function repeatedWithinLists(spec: Record<string, unknown>): { field: string; name: string }[] {
  const found: { field: string; name: string }[] = [];
  for (const list of ['initContainers', 'containers']) {
    const value = spec[list];
    if (!Array.isArray(value)) continue;
    const seen = new Set<string>();
    value.forEach((entry: unknown, index) => {
      if (!isRecord(entry) || typeof entry.name !== 'string') return;
      if (seen.has(entry.name)) found.push({ field: `spec.${list}[${index}]`, name: entry.name });
      seen.add(entry.name);
    });
  }
  return found;
}

/** Containers of a pod that is not injected yet that carry the names of kuma-init or kuma-validation. */
export function ownInjectorNames(spec: Record<string, unknown>): { field: string; name: string }[] {
  const found: { field: string; name: string }[] = [];
  for (const list of ['initContainers', 'containers']) {
    const value = spec[list];
    if (!Array.isArray(value)) continue;
    value.forEach((entry: unknown, index) => {
      if (isRecord(entry) && (entry.name === 'kuma-init' || entry.name === 'kuma-validation'))
        found.push({ field: `spec.${list}[${index}]`, name: entry.name });
    });
  }
  return found;
}
