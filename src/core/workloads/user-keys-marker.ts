import type { KubeObject } from '../types.ts';
import { isRecord, type JsonRecord } from './json-shapes.ts';
import type { ProbeRecord } from './restore-probes.ts';

/**
 * The workload annotation kuma-inject writes when it injects a workload's template: which of the
 * keys the injector writes with "the pod's own value, else a default" semantics (RESTORABLE in
 * restore-annotations.ts) the template carried before injection, as a comma-separated list of
 * `annotations/<key>` / `labels/<key>` (possibly ''). On the workload's own metadata, never on the
 * pod template, so the template stays exactly what the webhook would produce. An entry whose
 * value injection replaced also records the original (`annotations/<key>=<URI-encoded value>`,
 * e.g. `annotations/kuma.io/transparent-proxying-ip-family-mode=`); so does every annotation the
 * injector always overwrites that the template had a value of its own for (OVERWRITTEN_ANNOTATIONS
 * in injected-parts.ts, e.g. `annotations/kuma.io/transparent-proxying=off`). Three more entries say how an
 * empty map was spelled, since injection fills it and uninject empties it again: `annotations=`
 * and `labels=` for the template's, `workload/annotations=` for the workload's own (where the
 * marker itself lives), each `null` or `{}` (URI-encoded), and `metadata=` (`null` or `{}`) for a
 * template whose metadata was written empty; without one, an emptied map goes. So do
 * `spec/initContainers=` and `spec/volumes=` (`null` or `[]`) for the lists injection fills. Bare
 * Pods are their own template and get none.
 */
export const USER_KEYS_ANNOTATION = 'kuma-inject.dev/user-keys';

/**
 * Written beside the marker when the template's probes name their port (`port: http`): the
 * injector resolves names to numbers, so the injected pod cannot say whether `8080` was written
 * as a number or a name. Entries `<container>/<probe>=<port name>`, comma-separated; absent when
 * no probe names its port. Only read when the marker is present.
 */
const PROBE_PORT_NAMES_ANNOTATION = 'kuma-inject.dev/probe-port-names';

/**
 * Written beside the marker when a probe the webhook rewrites would not come back exactly from
 * the injected template (restoreProbes): a JSON object `<container>/<probe>` → the probe as the
 * user wrote it (an httpGet `host`, an explicit `scheme: HTTP`, a missing path, the key order of
 * the handler). Absent when every rewritten probe comes back by itself. Only read when the marker
 * is present.
 */
const ORIGINAL_PROBES_ANNOTATION = 'kuma-inject.dev/original-probes';

/** What kuma-inject recorded on a workload it injected (see the annotations above). */
export interface InjectionRecord {
  /**
   * Restorable key name → the original value when injection replaced it, else undefined; also
   * the empty-map entries (`annotations`, `labels`, `workload/annotations` → 'null' or '{}').
   */
  userKeys: ReadonlyMap<string, string | undefined>;
  /** Port names and whole probes, by `<container>/<probe>`. */
  probes: ProbeRecord;
}

/** The marker entries naming how the template's empty annotation and label maps were spelled. */
export const EMPTY_MAP_ENTRIES = {
  annotations: 'annotations',
  labels: 'labels',
  metadata: 'metadata',
  workload: 'workload/annotations',
} as const;

/** The entry for a map that is null or {} (how an empty map was written), else undefined. */
export function emptyMapEntry(name: string, map: unknown): string | undefined {
  if (map === null) return `${name}=null`;
  if (isRecord(map) && Object.keys(map).length === 0) return `${name}=${encodeURIComponent('{}')}`;
  return undefined;
}

/**
 * The marker entries naming how the template's empty lists that injection fills were spelled
 * (`initContainers: []` or `null`, as Helm charts often render them): uninject empties them again.
 */
export const EMPTY_LIST_ENTRIES = { initContainers: 'spec/initContainers', volumes: 'spec/volumes' } as const;

/** The entry for a list that is null or [] (how an empty list was written), else undefined. */
export function emptyListEntry(name: string, list: unknown): string | undefined {
  if (list === null) return `${name}=null`;
  if (Array.isArray(list) && list.length === 0) return `${name}=${encodeURIComponent('[]')}`;
  return undefined;
}

/** The spelling an entry recorded for an emptied list: null, [], or undefined (the list goes). */
export function recordedEmptyList(userKeys: ReadonlyMap<string, string | undefined>, name: string): null | never[] | undefined {
  const value = userKeys.get(name);
  return value === 'null' ? null : value === '[]' ? [] : undefined;
}

/** The spelling an entry recorded for an emptied map: null, {}, or undefined (the map goes). */
export function recordedEmptyMap(
  userKeys: ReadonlyMap<string, string | undefined>,
  name: string,
): null | Record<string, never> | undefined {
  const value = userKeys.get(name);
  return value === 'null' ? null : value === '{}' ? {} : undefined;
}

/**
 * Returns what the workload's marker records: the keys it lists as the user's, each with the
 * original value when the entry records one (`<on>/<key>=<URI-encoded value>`: injection replaced
 * it), and the probe port names. Undefined when the workload has no marker (a template injected
 * by the webhook itself or by an older tool) or its value is not a string. A listed key the table
 * does not know simply matches nothing.
 */
export function readRecord(workload: KubeObject): InjectionRecord | undefined {
  const annotations = metadataOf(workload).annotations;
  if (!isRecord(annotations) || !Object.hasOwn(annotations, USER_KEYS_ANNOTATION)) return undefined;
  const value = annotations[USER_KEYS_ANNOTATION];
  if (typeof value !== 'string') return undefined;
  const userKeys = new Map<string, string | undefined>();
  for (const [name, recorded] of entries(value)) userKeys.set(name, recorded === undefined ? undefined : decoded(recorded));
  const portNames = new Map<string, string>();
  const names = annotations[PROBE_PORT_NAMES_ANNOTATION];
  for (const [probe, port] of entries(typeof names === 'string' ? names : ''))
    if (port !== undefined && port !== '') portNames.set(probe, port);
  return { userKeys, probes: { portNames, originals: originalProbes(annotations[ORIGINAL_PROBES_ANNOTATION]) } };
}

/** The recorded probes: a JSON object of objects; anything else (a hand edit gone wrong) records none. */
function originalProbes(value: unknown): Map<string, JsonRecord> {
  const out = new Map<string, JsonRecord>();
  if (typeof value !== 'string') return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return out;
  }
  if (!isRecord(parsed)) return out;
  for (const [id, probe] of Object.entries(parsed)) if (isRecord(probe)) out.set(id, probe);
  return out;
}

/** The workload's metadata; {} when a malformed object has none (or not a mapping). */
function metadataOf(workload: KubeObject): KubeObject['metadata'] {
  return isRecord(workload.metadata) ? workload.metadata : {};
}

/** `a,b=c` → [a, undefined], [b, 'c']. */
function entries(value: string): [string, string | undefined][] {
  return value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')
    .map((entry) => {
      const eq = entry.indexOf('=');
      return eq < 0 ? [entry, undefined] : [entry.slice(0, eq), entry.slice(eq + 1)];
    });
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Returns the workload with the marker set to `keys`, the probe port names to `probePorts` and
 * the recorded probes to `probes` (each removed when empty); the same reference when it already
 * says so. Other annotations keep their order and values; new ones go last.
 */
export function withUserKeys(
  workload: KubeObject,
  keys: readonly string[],
  probePorts: readonly string[] = [],
  probes: Readonly<Record<string, JsonRecord>> = {},
): KubeObject {
  const own = metadataOf(workload);
  const workloadMap = emptyMapEntry(EMPTY_MAP_ENTRIES.workload, own.annotations);
  const wanted: Record<string, string | undefined> = {
    [USER_KEYS_ANNOTATION]: [...keys, ...(workloadMap === undefined ? [] : [workloadMap])].join(','),
    [PROBE_PORT_NAMES_ANNOTATION]: probePorts.length === 0 ? undefined : probePorts.join(','),
    [ORIGINAL_PROBES_ANNOTATION]: Object.keys(probes).length === 0 ? undefined : JSON.stringify(probes),
  };
  const current = isRecord(own.annotations) ? own.annotations : {};
  // Already marked: the map's spelling before injection is the one the marker recorded.
  const recorded =
    typeof current[USER_KEYS_ANNOTATION] === 'string'
      ? entries(current[USER_KEYS_ANNOTATION]).find(([name]) => name === EMPTY_MAP_ENTRIES.workload)
      : undefined;
  if (recorded !== undefined) wanted[USER_KEYS_ANNOTATION] = [...keys, `${recorded[0]}=${recorded[1] ?? ''}`].join(',');
  const annotations = current;
  if (Object.entries(wanted).every(([key, value]) => annotations[key] === value)) return workload;
  const next: Record<string, string> = { ...annotations };
  for (const [key, value] of Object.entries(wanted)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return { ...workload, metadata: { ...own, annotations: next } };
}

/**
 * Returns the workload without the marker, the probe port names and the recorded probes (the
 * same reference when it has none of them); an annotation map left empty goes too, since the
 * marker was what created it, unless the marker recorded it as written null or {}.
 */
export function withoutUserKeys(workload: KubeObject): KubeObject {
  const annotations = metadataOf(workload).annotations;
  const ours = [USER_KEYS_ANNOTATION, PROBE_PORT_NAMES_ANNOTATION, ORIGINAL_PROBES_ANNOTATION];
  if (!isRecord(annotations) || !ours.some((key) => Object.hasOwn(annotations, key))) return workload;
  const next: Record<string, string> = { ...annotations };
  for (const key of ours) delete next[key];
  const metadata: KubeObject['metadata'] = { ...workload.metadata, annotations: next };
  if (Object.keys(next).length === 0) {
    const spelled = readRecord(workload)?.userKeys;
    const empty = spelled === undefined ? undefined : recordedEmptyMap(spelled, EMPTY_MAP_ENTRIES.workload);
    if (empty === undefined) delete metadata.annotations;
    else metadata.annotations = empty as Record<string, string>;
  }
  return { ...workload, metadata };
}
