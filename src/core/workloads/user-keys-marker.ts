import type { KubeObject } from '../types.ts';
import { isRecord } from './json-shapes.ts';

/**
 * The workload annotation kuma-inject writes when it injects a workload's template: which of the
 * keys the injector writes with "the pod's own value, else a default" semantics (RESTORABLE in
 * restore-annotations.ts) the template carried before injection, as a comma-separated list of
 * `annotations/<key>` / `labels/<key>` (possibly ''). On the workload's own metadata, never on the
 * pod template, so the template stays exactly what the webhook would produce. An entry whose
 * value injection replaced also records the original (`annotations/<key>=<URI-encoded value>`,
 * e.g. `annotations/kuma.io/transparent-proxying-ip-family-mode=`). Bare Pods are
 * their own template and get none.
 */
export const USER_KEYS_ANNOTATION = 'kuma-inject.dev/user-keys';

/**
 * Written beside the marker when the template's probes name their port (`port: http`): the
 * injector resolves names to numbers, so the injected pod cannot say whether `8080` was written
 * as a number or a name. Entries `<container>/<probe>=<port name>`, comma-separated; absent when
 * no probe names its port. Only read when the marker is present.
 */
export const PROBE_PORT_NAMES_ANNOTATION = 'kuma-inject.dev/probe-port-names';

/** What kuma-inject recorded on a workload it injected (see the two annotations above). */
export interface InjectionRecord {
  /** Restorable key name → the original value when injection replaced it, else undefined. */
  userKeys: ReadonlyMap<string, string | undefined>;
  /** `<container>/<probe>` → the port name the user wrote. */
  probePortNames: ReadonlyMap<string, string>;
}

/**
 * Returns what the workload's marker records: the keys it lists as the user's, each with the
 * original value when the entry records one (`<on>/<key>=<URI-encoded value>`: injection replaced
 * it), and the probe port names. Undefined when the workload has no marker (a template injected
 * by the webhook itself or by an older tool) or its value is not a string. A listed key the table
 * does not know simply matches nothing.
 */
export function readRecord(workload: KubeObject): InjectionRecord | undefined {
  const annotations = workload.metadata.annotations;
  if (!isRecord(annotations) || !Object.hasOwn(annotations, USER_KEYS_ANNOTATION)) return undefined;
  const value = annotations[USER_KEYS_ANNOTATION];
  if (typeof value !== 'string') return undefined;
  const userKeys = new Map<string, string | undefined>();
  for (const [name, recorded] of entries(value)) userKeys.set(name, recorded === undefined ? undefined : decoded(recorded));
  const probePortNames = new Map<string, string>();
  const names = annotations[PROBE_PORT_NAMES_ANNOTATION];
  for (const [probe, port] of entries(typeof names === 'string' ? names : '')) if (port !== undefined && port !== '') probePortNames.set(probe, port);
  return { userKeys, probePortNames };
}

/** `a,b=c` → [a, undefined], [b, 'c']. */
function entries(value: string): [string, string | undefined][] {
  return value.split(',').map((e) => e.trim()).filter((e) => e !== '').map((entry) => {
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
 * Returns the workload with the marker set to `keys` and the probe port names to `probePorts`
 * (removed when empty); the same reference when it already says so. Other annotations keep their
 * order and values; new ones go last.
 */
export function withUserKeys(workload: KubeObject, keys: readonly string[], probePorts: readonly string[] = []): KubeObject {
  const wanted: Record<string, string | undefined> = {
    [USER_KEYS_ANNOTATION]: keys.join(','),
    [PROBE_PORT_NAMES_ANNOTATION]: probePorts.length === 0 ? undefined : probePorts.join(','),
  };
  const annotations = isRecord(workload.metadata.annotations) ? workload.metadata.annotations : {};
  if (Object.entries(wanted).every(([key, value]) => annotations[key] === value)) return workload;
  const next: Record<string, string> = { ...annotations };
  for (const [key, value] of Object.entries(wanted)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return { ...workload, metadata: { ...workload.metadata, annotations: next } };
}

/**
 * Returns the workload without the marker and the probe port names (the same reference when it
 * has neither); an annotation
 * map left empty goes too, since the marker was what created it.
 */
export function withoutUserKeys(workload: KubeObject): KubeObject {
  const annotations = workload.metadata.annotations;
  const ours = [USER_KEYS_ANNOTATION, PROBE_PORT_NAMES_ANNOTATION];
  if (!isRecord(annotations) || !ours.some((key) => Object.hasOwn(annotations, key))) return workload;
  const next: Record<string, string> = { ...annotations };
  for (const key of ours) delete next[key];
  const metadata: KubeObject['metadata'] = { ...workload.metadata, annotations: next };
  if (Object.keys(next).length === 0) delete metadata.annotations;
  return { ...workload, metadata };
}
