/**
 * Reading the upstream policy goldens' REST/universal format (`type`, `name`, `mesh`, `labels`,
 * spec at top level or under `spec:`) into the matcher's views, and the resource-meta "contexts"
 * (contexts.yaml) the Go tests apply before matching. Test-only: the product reads Kubernetes
 * objects and previews.
 */
import type { ResourceMeta } from '../../../src/core/policies/match/resource-meta.ts';
import { dataplaneView, type DataplaneView } from '../../../src/core/policies/match/dataplane-view.ts';
import { policyView, type PolicyView } from '../../../src/core/policies/match/policy-view.ts';
import { indexDestinations, type DestinationIndex } from '../../../src/core/policies/analysis/destinations.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import { yamlFileDocuments } from '../yaml-files.ts';

export type Doc = Record<string, unknown>;

/** Documents of a file; duplicate keys keep the last value, like sigs.k8s.io/yaml. */
export function readDocs(path: string): Doc[] {
  return yamlFileDocuments(path, { uniqueKeys: false }).filter((d): d is Doc => d !== null && typeof d === 'object');
}

function labelsOf(doc: Doc): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = doc['labels'];
  if (raw !== null && typeof raw === 'object') for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = String(v);
  return out;
}

export function metaOf(doc: Doc): ResourceMeta {
  return { type: String(doc['type'] ?? ''), name: String(doc['name'] ?? ''), mesh: String(doc['mesh'] ?? ''), labels: labelsOf(doc) };
}

export function asDataplane(doc: Doc, meta: ResourceMeta = metaOf(doc)): DataplaneView {
  return dataplaneView(meta, doc['networking']);
}

export function asPolicy(doc: Doc, meta: ResourceMeta = metaOf(doc)): PolicyView {
  return policyView(meta, doc['spec']);
}

/**
 * The destinations among the documents (services, external and multi-zone services, HTTP routes:
 * indexDestinations keeps only those), indexed as the analysis indexes a bundle's; `meta` gives
 * each document's meta (its own by default, or one a context changed).
 */
export function destinationIndex(docs: readonly Doc[], meta: (doc: Doc) => ResourceMeta = metaOf): DestinationIndex {
  return indexDestinations(
    docs.map((d) => ({
      object: {
        apiVersion: 'kuma.io/v1alpha1',
        kind: String(d['type']),
        metadata: { name: String(d['name']) },
        spec: d['spec'],
      } as KubeObject,
      meta: meta(d),
      preview: false,
    })),
  );
}

// ---- contexts.yaml: meta builders -------------------------------------------------------------

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

function fnv64a(text: string): bigint {
  let hash = FNV_OFFSET;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK;
  }
  return hash;
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** HashedName(mesh, name, extra...) of kuma's KDS hash package, as contexts.yaml states it. */
export function hashedName(mesh: string, name: string, ...extra: string[]): string {
  const hex = fnv64a(mesh + name + extra.join(''))
    .toString(16)
    .padStart(16, '0');
  const encoded = [...hex].map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');
  return `${name.slice(0, 253 - 17)}-${encoded}`;
}

interface Builder {
  name?: string;
  nameExtensions?: unknown;
  defaults?: Record<string, string>;
  setLabels?: Record<string, string>;
}

export interface Contexts {
  baseBuilders: Record<string, Builder>;
  wrappers: Record<string, Builder>;
}

function fill(template: string, name: string, mesh: string): string {
  return template.replaceAll('{name}', name).replaceAll('{mesh}', mesh);
}

/** Applies a chain like `SystemPolicy(SyncToK8s(GlobalUni))` to (name, mesh, labels-from-file). */
export function applyContext(chain: string, contexts: Contexts, meta: ResourceMeta): ResourceMeta {
  const open = chain.indexOf('(');
  if (open < 0) {
    const base = contexts.baseBuilders[chain];
    if (base === undefined) throw new Error(`contexts.yaml has no base builder ${chain}`);
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(base.defaults ?? {})) labels[k] = fill(v, meta.name, meta.mesh);
    Object.assign(labels, meta.labels);
    return { ...meta, name: fill(base.name ?? '{name}', meta.name, meta.mesh), labels };
  }
  const wrapper = chain.slice(0, open);
  const inner = applyContext(chain.slice(open + 1, -1), contexts, meta);
  const display = inner.labels['kuma.io/display-name'] || inner.name;
  const values = [inner.labels['kuma.io/zone'], inner.labels['k8s.kuma.io/namespace']].filter((v): v is string => v !== undefined);
  switch (wrapper) {
    case 'SyncToUni':
      return { ...inner, name: hashedName(inner.mesh, display, ...values) };
    case 'SyncToK8s':
      return { ...inner, name: `${hashedName(inner.mesh, display, ...values)}.kuma-system` };
    case 'SystemPolicy':
    case 'ProducerPolicy': {
      const set = contexts.wrappers[wrapper]?.setLabels;
      if (set === undefined) throw new Error(`contexts.yaml has no setLabels for ${wrapper}`);
      return { ...inner, labels: { ...inner.labels, ...set } };
    }
    default:
      throw new Error(`unknown context wrapper ${wrapper}`);
  }
}
