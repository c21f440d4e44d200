/**
 * The real-world corpus (test/fixtures/corpus, origins in its SOURCES.md) and the settings the
 * corpus tests and the fuzz harness run it with.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { storedParse } from '../conformance/yaml-files.ts';

const CORPUS = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

export interface CorpusFile {
  /** Path below test/fixtures/corpus. */
  name: string;
  text: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return walk(path);
      return /\.(ya?ml|json)$/.test(entry) ? [path] : [];
    });
}

/** Every manifest file of the corpus, in a stable order. */
export function corpusFiles(): CorpusFile[] {
  return walk(CORPUS).map((path) => ({ name: relative(CORPUS, path), text: readFileSync(path, 'utf8') }));
}

/** The documents of a YAML stream as Kubernetes reads them (YAML merge keys resolved). */
export function documentsOf(text: string): unknown[] {
  return parseAllDocuments(text, { merge: true }).map((doc) => ('toJS' in doc ? doc.toJS({ maxAliasCount: -1 }) : null));
}

const corpusParsed = new Map<string, unknown[]>();

/**
 * The documents of a corpus file, parsed once per process (every setting of the corpus test and
 * the namespace scan read the same files), and once for all runs: the parse is kept in the cache
 * of parsed goldens, under the digest of the file's bytes. Shared: read them, never change them.
 */
export function corpusDocuments(file: CorpusFile): unknown[] {
  let docs = corpusParsed.get(file.text);
  if (docs === undefined)
    corpusParsed.set(file.text, (docs = storedParse(Buffer.from(file.text, 'utf8'), 'all merge=true maxAliasCount=-1', documentsOf)));
  return docs;
}

/** Every object of a document, List items included. */
function objectsOf(value: unknown): Record<string, unknown>[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const object = value as Record<string, unknown>;
  const items = Array.isArray(object.items) ? object.items.flatMap(objectsOf) : [];
  return [object, ...items];
}

/** The namespaces the corpus names, so a settings file can make every one of them inject. */
function namespacesOf(files: readonly CorpusFile[]): string[] {
  const names = new Set<string>(['corpus']);
  for (const file of files) {
    for (const doc of corpusDocuments(file)) {
      for (const object of objectsOf(doc)) {
        const ns = (object.metadata as { namespace?: unknown } | undefined)?.namespace;
        if (typeof ns === 'string' && /^[a-z0-9-]+$/.test(ns)) names.add(ns);
      }
    }
  }
  return [...names].sort();
}

/**
 * The settings the corpus runs under: the 2.14 default (probe proxy, native sidecars), the
 * classic layout, virtual probes, no probe rewrite at all, the Kuma product, and 2.13.
 */
export const SETTINGS: Record<string, string> = {
  default: '',
  'classic layout': 'sidecarContainers: false\n',
  'virtual probes': 'injector:\n  applicationProbeProxyPort: 0\n  virtualProbesEnabled: true\n',
  'no probe rewrite': 'injector:\n  applicationProbeProxyPort: 0\n  virtualProbesEnabled: false\n',
  'kuma product': 'product: kuma\n',
  'version 2.13': 'version: "2.13"\n',
};

/**
 * Writes one KumaInject settings file per SETTINGS entry into a new temporary folder: every
 * namespace of the corpus labelled for injection, objects without one in `corpus`, and the meshes
 * the corpus names, so that workloads inject instead of being skipped. Returns name → path.
 */
export function settingsFiles(
  files: readonly CorpusFile[],
  dir = mkdtempSync(join(tmpdir(), 'kuma-inject-corpus-')),
): Record<string, string> {
  const namespaces = namespacesOf(files)
    .map((ns) => `  ${ns}:\n    labels:\n      kuma.io/sidecar-injection: enabled\n`)
    .join('');
  const out: Record<string, string> = {};
  for (const [name, extra] of Object.entries(SETTINGS)) {
    const path = join(dir, `${name.replaceAll(' ', '-')}.yaml`);
    writeFileSync(
      path,
      'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: corpus\n' +
        `defaultNamespace: corpus\nmeshes: [default, demo, mesh-name-from-pod]\nnamespaces:\n${namespaces}${extra}`,
    );
    out[name] = path;
  }
  return out;
}
