import { kriKey, kriOf, kriString, type Kri } from '../match/kri.ts';
import type { DestinationIndex } from '../analysis/destinations.ts';
import { sortToEntries, type ToEntry } from './to-order.ts';

/** One real destination a `to` item resolved to: the object (or the mesh) and the port section. */
interface Resolved<T> {
  readonly entry: ToEntry<T>;
  readonly kind: string;
  /** Identifier of the object, without section. */
  readonly id: Kri;
  readonly section: string;
}

/** The ordered entries that configure one destination (object and section), kuma-cp's ResourceRule origins. */
export interface ResourceRule<T> {
  readonly id: Kri;
  readonly entries: readonly ToEntry<T>[];
}

function meshId(mesh: string): Kri {
  return { type: 'Mesh', mesh: '', zone: '', namespace: '', name: mesh, sectionName: '' };
}

/** Whether an entry resolved to `item` configures the destination `other` (with `section`). */
function isRelevant<T>(item: Resolved<T>, other: Resolved<T>): boolean {
  if (item.kind === 'Mesh') return other.kind === 'Mesh' ? item.id.name === other.id.name : item.id.name === other.id.mesh;
  if (item.kind !== other.kind) return false;
  const same = kriKey(item.id) === kriKey(other.id);
  if (item.kind === 'MeshService' || item.kind === 'MeshMultiZoneService')
    return same && (item.section === other.section || (item.section === '' && other.section !== ''));
  return same;
}

/**
 * kuma-cp's outbound ResourceRules (`rules/outbound/resourcerules.go`, spec §3.5 A): the to-entries
 * sorted (§5.2), each resolved to the real destinations it names; for every destination so named
 * (object and port section), the entries that configure it in merge order: Mesh entries of its mesh,
 * entries naming the same object and section, entries naming the object without a section.
 * `meshExists`: a `kind: Mesh` entry resolves only when the Mesh object is known.
 */
export function resourceRules<T>(
  entries: readonly ToEntry<T>[],
  destinations: DestinationIndex,
  meshExists: (mesh: string) => boolean,
): Map<string, ResourceRule<T>> {
  const resolved: Resolved<T>[] = [];
  for (const entry of sortToEntries(entries)) {
    const r = destinations.resolve(entry.policy.meta, entry.ref);
    if (r.kind === 'mesh') {
      if (meshExists(entry.policy.meta.mesh)) resolved.push({ entry, kind: 'Mesh', id: meshId(entry.policy.meta.mesh), section: '' });
    } else if (r.kind === 'resolved') {
      for (const d of r.destinations)
        resolved.push({
          entry,
          kind: d.destination.object.kind,
          id: kriOf(d.destination.meta, d.destination.object.kind),
          section: d.section ?? '',
        });
    }
  }
  // Group by what an entry can be relevant to, so a destination looks only at its own candidates.
  const byObject = new Map<string, number[]>();
  const byMesh = new Map<string, number[]>();
  resolved.forEach((item, i) => {
    const group = item.kind === 'Mesh' ? byMesh : byObject;
    const key = item.kind === 'Mesh' ? item.id.name : `${item.kind}\u0000${kriKey(item.id)}`;
    group.set(key, [...(group.get(key) ?? []), i]);
  });
  const rules = new Map<string, ResourceRule<T>>();
  for (const target of resolved) {
    const id = { ...target.id, sectionName: target.section };
    const key = kriString(id);
    if (rules.has(key)) continue;
    const mesh = target.kind === 'Mesh' ? target.id.name : target.id.mesh;
    const candidates = [
      ...(byMesh.get(mesh) ?? []),
      ...(target.kind === 'Mesh' ? [] : (byObject.get(`${target.kind}\u0000${kriKey(target.id)}`) ?? [])),
    ].sort((a, b) => a - b);
    const relevant = candidates
      .filter((i) => isRelevant(resolved[i] as Resolved<T>, target))
      .map((i) => (resolved[i] as Resolved<T>).entry);
    if (relevant.length > 0) rules.set(key, { id, entries: relevant });
  }
  return rules;
}
