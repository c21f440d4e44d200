import { TARGET_REF_KIND_RANK } from '../kinds.ts';
import { ownValue } from '../../json-record.ts';

/**
 * A `targetRef` as matching reads it. Absent fields stay absent: kuma-cp tells `labels: {}` (selects
 * by labels, all of them match) from no `labels` at all (does not select by labels).
 */
export interface TargetRef {
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly sectionName?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly proxyTypes?: readonly string[];
}

/** Rank of a kind (kinds.ts); kinds outside the table rank 0 (before Mesh), as a missing map entry does upstream. */
export function kindRank(kind: string): number {
  return ownValue(TARGET_REF_KIND_RANK as Readonly<Record<string, number>>, kind) ?? 0;
}

/** The omitted top-level targetRef: every proxy of the mesh. */
export const MESH_REF: TargetRef = { kind: 'Mesh' };

function stringMapOf(value: unknown): Record<string, string> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * A targetRef from decoded YAML/JSON. Values of the wrong type read as absent (admission rejects
 * them before kuma-cp ever matches); `undefined` when there is no object at all.
 */
export function readTargetRef(value: unknown): TargetRef | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const raw = value as Record<string, unknown>;
  const ref: { -readonly [K in keyof TargetRef]: TargetRef[K] } = { kind: text(raw['kind']) ?? '' };
  const name = text(raw['name']);
  if (name !== undefined) ref.name = name;
  const namespace = text(raw['namespace']);
  if (namespace !== undefined) ref.namespace = namespace;
  const labels = stringMapOf(raw['labels']);
  if (labels !== undefined) ref.labels = labels;
  const sectionName = text(raw['sectionName']);
  if (sectionName !== undefined) ref.sectionName = sectionName;
  const tags = stringMapOf(raw['tags']);
  if (tags !== undefined) ref.tags = tags;
  if (Array.isArray(raw['proxyTypes'])) ref.proxyTypes = (raw['proxyTypes'] as unknown[]).filter((p): p is string => typeof p === 'string');
  return ref;
}

/** Go's TagSelector.Matches: every selector key present with the same value, or the `*` wildcard. */
export function tagsMatch(selector: Readonly<Record<string, string>> | undefined, tags: Readonly<Record<string, string>>): boolean {
  if (selector === undefined) return true;
  for (const [key, value] of Object.entries(selector)) {
    const own = ownValue(tags, key);
    if (own === undefined) return false;
    if (value !== own && value !== '*') return false;
  }
  return true;
}

/** `kind: Dataplane` specificity: labels before name, then without sectionName before with. */
export function compareDataplaneKind(a: TargetRef, b: TargetRef): number {
  if (a.kind !== 'Dataplane' || b.kind !== 'Dataplane') return 0;
  const byName = (r: TargetRef): boolean => (r.name ?? '') !== '';
  const byLabels = (r: TargetRef): boolean => r.labels !== undefined;
  if (byName(a) && byLabels(b)) return 1;
  if (byLabels(a) && byName(b)) return -1;
  const aSection = (a.sectionName ?? '') !== '';
  const bSection = (b.sectionName ?? '') !== '';
  if (aSection && !bSection) return 1;
  if (!aSection && bSection) return -1;
  return 0;
}
