import type { ObjectMeta } from '../types.ts';
import { deepEqual } from '../deep-equal.ts';
import { isRecord, stringMap } from './json-shapes.ts';
import { OVERWRITTEN_ANNOTATIONS, stripInjectedParts, type PodView } from './injected-parts.ts';
import { recordedEmptyMap } from './user-keys-marker.ts';

/** What injecting a candidate original writes into its metadata, or undefined when injection fails. */
export type Reinjector = (pod: PodView) => { annotations: Record<string, string>; labels: Record<string, string> } | undefined;

export interface RestorableKey {
  on: 'annotations' | 'labels';
  key: string;
}

/**
 * Metadata the injector writes with "the pod's own value if present, else a default" semantics
 * (spec §8, §11, §14.3, §2 step 7, §4 step 1): after injection the value alone does not say
 * whether the user wrote it. Tried in this order, pass after pass; the probe port goes before
 * `kuma.io/virtual-probes` (a pod port "0" implies virtual probes, spec §13.1).
 */
export const RESTORABLE: readonly RestorableKey[] = [
  { on: 'annotations', key: 'kuma.io/application-probe-proxy-port' },
  { on: 'annotations', key: 'kuma.io/virtual-probes' },
  { on: 'annotations', key: 'kuma.io/virtual-probes-port' },
  { on: 'annotations', key: 'kubectl.kubernetes.io/default-container' },
  { on: 'annotations', key: 'kuma.io/builtin-dns' },
  { on: 'annotations', key: 'kuma.io/builtin-dns-port' },
  { on: 'annotations', key: 'kuma.io/builtin-dns-logging' },
  // The readiness port 2.14 appends (admin on a Unix socket) is already taken off by
  // stripInjection, and by the reinjector on what it writes, so both sides compare without it.
  { on: 'annotations', key: 'traffic.kuma.io/exclude-inbound-ports' },
  { on: 'annotations', key: 'traffic.kuma.io/exclude-outbound-ports' },
  { on: 'annotations', key: 'traffic.kuma.io/exclude-inbound-ips' },
  { on: 'annotations', key: 'traffic.kuma.io/exclude-outbound-ips' },
  { on: 'annotations', key: 'kuma.io/transparent-proxying-ip-family-mode' },
  { on: 'annotations', key: 'kuma.io/envoy-admin-port' },
  { on: 'annotations', key: 'k8s.v1.cni.cncf.io/networks' },
  { on: 'annotations', key: 'kuma.io/transparent-proxying-ebpf' },
  { on: 'annotations', key: 'kuma.io/transparent-proxying-ebpf-bpf-fs-path' },
  { on: 'annotations', key: 'kuma.io/transparent-proxying-ebpf-cgroup-path' },
  { on: 'annotations', key: 'kuma.io/transparent-proxying-ebpf-tc-attach-iface' },
  { on: 'annotations', key: 'kuma.io/transparent-proxying-ebpf-programs-source-path' },
  { on: 'labels', key: 'kuma.io/mesh' },
];

/**
 * The keys the workload's record (user-keys-marker.ts) keeps the pod's own values of: the
 * restorable ones, and the annotations the injector always overwrites, whose value after injection
 * says nothing about the original (stripInjectedParts removes them, so the record always holds
 * the value).
 */
const RECORDED: readonly RestorableKey[] = [...RESTORABLE, ...OVERWRITTEN_ANNOTATIONS.map((key) => ({ on: 'annotations' as const, key }))];

/** Sets or removes one key; every other entry, whatever its type, is kept as it is. */
function withValue(pod: PodView, entry: RestorableKey, value: string | undefined): PodView {
  const current = pod.metadata[entry.on];
  const next: Record<string, unknown> = isRecord(current) ? { ...current } : {};
  if (value === undefined) delete next[entry.key];
  else next[entry.key] = value;
  return { ...pod, metadata: { ...pod.metadata, [entry.on]: next } };
}

function writtenValue(out: ReturnType<Reinjector>, entry: RestorableKey): string | undefined {
  return out?.[entry.on][entry.key];
}

/** True when every other key that `base` already wrote as in `target` is still written so by `out`. */
function noRegression(out: ReturnType<Reinjector>, base: ReturnType<Reinjector>, target: PodView, except: RestorableKey): boolean {
  return RESTORABLE.every((entry) => {
    if (entry === except) return true;
    const want = stringMap(target.metadata[entry.on])[entry.key];
    return writtenValue(base, entry) !== want || writtenValue(out, entry) === want;
  });
}

/**
 * Returns `stripped` (the output of stripInjection) with the metadata the injector may have
 * written reduced to the smallest set that re-injection turns back into what `stripped` carries:
 * a key is dropped when injecting without it writes the same value and no other key that was
 * reproduced stops being reproduced. So a value the current settings would write anyway is taken as the injector's,
 * and a value only the pod itself can explain is kept as the user's. Without a reinjector, or
 * when the candidate cannot be injected, every such key is kept (nothing the user wrote is lost).
 * Empty annotation/label maps are dropped.
 */
export function restoreAnnotations(stripped: PodView, reinject: Reinjector | undefined): RestoredPod {
  let candidate = stripped;
  const kept: KeptValue[] = [];
  if (reinject === undefined) return { pod: withoutEmptyMaps(candidate), kept };
  // Fast path, the usual case (our own output): nothing the injector writes is the pod's own.
  const bare = RESTORABLE.reduce((pod, entry) => (isStringOrAbsent(pod, entry) ? withValue(pod, entry, undefined) : pod), candidate);
  const bareOut = reinject(bare);
  if (
    bareOut !== undefined &&
    RESTORABLE.every((entry) => writtenValue(bareOut, entry) === stringMap(stripped.metadata[entry.on])[entry.key])
  ) {
    return { pod: withoutEmptyMaps(bare), kept };
  }
  let base = reinject(candidate);
  if (base === undefined) {
    // The injected values together cannot be injected (e.g. a probe port the injector wrote plus
    // the user's kuma.io/gateway): try keeping only what the bare pod does not reproduce.
    const minimal = bareOut === undefined ? undefined : minimalOriginal(stripped, bare, bareOut, reinject);
    return minimal ?? { pod: withoutEmptyMaps(candidate), kept };
  }
  // Keys depend on each other in both directions (legacy: a pod probe port "0" implies virtual
  // probes; ConfigMap mode: `kuma.io/virtual-probes: disabled` implies probe port 0), so passes
  // repeat until one removes nothing.
  let pending = RESTORABLE.filter((entry) => stringMap(stripped.metadata[entry.on])[entry.key] !== undefined);
  const lastTry = new Map<RestorableKey, string | undefined>();
  for (let removed = true; removed && pending.length > 0;) {
    removed = false;
    const next: RestorableKey[] = [];
    for (const entry of pending) {
      const target = stringMap(stripped.metadata[entry.on])[entry.key];
      const trial = withValue(candidate, entry, undefined);
      const out = reinject(trial);
      const withoutIt = writtenValue(out, entry);
      if (out !== undefined && withoutIt === target && noRegression(out, base, stripped, entry)) {
        candidate = trial;
        base = out;
        removed = true;
      } else {
        next.push(entry);
        lastTry.set(entry, withoutIt);
      }
    }
    pending = next;
  }
  for (const entry of pending) {
    const value = stringMap(stripped.metadata[entry.on])[entry.key] ?? '';
    kept.push({ on: entry.on, key: entry.key, value, currentSettingsWrite: lastTry.get(entry) });
  }
  return { pod: withoutEmptyMaps(candidate), kept };
}

/**
 * `bare` plus exactly the keys whose value `bareOut` (bare's injection) does not reproduce, when
 * that pod injects back to every value `stripped` carries; else undefined.
 */
function minimalOriginal(
  stripped: PodView,
  bare: PodView,
  bareOut: NonNullable<ReturnType<Reinjector>>,
  reinject: Reinjector,
): RestoredPod | undefined {
  const target = (entry: RestorableKey): string | undefined => stringMap(stripped.metadata[entry.on])[entry.key];
  const own = RESTORABLE.filter((entry) => target(entry) !== undefined && writtenValue(bareOut, entry) !== target(entry));
  const pod = own.reduce((p, entry) => withValue(p, entry, target(entry)), bare);
  const out = reinject(pod);
  if (out === undefined || !RESTORABLE.every((entry) => writtenValue(out, entry) === target(entry))) return undefined;
  const kept = own.map((entry): KeptValue => ({
    on: entry.on,
    key: entry.key,
    value: target(entry) ?? '',
    currentSettingsWrite: writtenValue(bareOut, entry),
  }));
  return { pod: withoutEmptyMaps(pod), kept };
}

/** `annotations/<key>` or `labels/<key>`: how the workload marker names a restorable key. */
export function restorableKeyName(entry: RestorableKey): string {
  return `${entry.on}/${entry.key}`;
}

/**
 * The marker entries (user-keys-marker.ts) for the RECORDED keys `original` carries, given the
 * pod injecting it gave: `annotations/<key>` when the injected pod still holds the user's value,
 * `annotations/<key>=<value, URI-encoded>` when injection replaced it (a '' read as unset, the keys
 * the ConfigMap path always writes, a list that only gained the 2.14 readiness port), so the
 * original value is known again on the next run.
 */
export function userKeyEntries(original: PodView, injected: PodView): string[] {
  const stripped = stripInjectedParts(injected);
  return RECORDED.filter((entry) => hasKey(original, entry)).map((entry) => {
    const name = restorableKeyName(entry);
    const own = rawValue(original, entry);
    return hasKey(stripped, entry) && rawValue(stripped, entry) === own ? name : `${name}=${encodeURIComponent(String(own))}`;
  });
}

/**
 * Returns `stripped` with every RECORDED key removed except those named in `userKeys` (the
 * workload's record of which keys were the user's before injection, see user-keys-marker.ts):
 * a named key gets the value the record holds for it, or else keeps its injected value, which is
 * the user's (the injector writes "the pod's own value, else a default"); the rest were the
 * injector's and are derived again on injection. An annotation or label map left empty goes,
 * unless the record says it was written null or {} (then it is that again).
 */
export function restoreByUserKeys(stripped: PodView, userKeys: ReadonlyMap<string, string | undefined>): RestoredPod {
  const pod = RECORDED.reduce((p, entry) => {
    const name = restorableKeyName(entry);
    if (!userKeys.has(name)) return hasKey(p, entry) ? withValue(p, entry, undefined) : p;
    const recorded = userKeys.get(name);
    return recorded === undefined ? p : withValue(p, entry, recorded);
  }, stripped);
  const restored = withoutEmptyMaps(pod);
  const metadata = { ...restored.metadata };
  for (const on of ['annotations', 'labels'] as const) {
    const empty = recordedEmptyMap(userKeys, on);
    if (empty !== undefined && metadata[on] === undefined) metadata[on] = empty as Record<string, string>;
  }
  return { pod: { ...restored, metadata }, kept: [] };
}

function rawValue(pod: PodView, entry: RestorableKey): unknown {
  const map = pod.metadata[entry.on];
  return isRecord(map) ? map[entry.key] : undefined;
}

function isStringOrAbsent(pod: PodView, entry: RestorableKey): boolean {
  const map = pod.metadata[entry.on];
  return !isRecord(map) || !Object.hasOwn(map, entry.key) || typeof map[entry.key] === 'string';
}

function hasKey(pod: PodView, entry: RestorableKey): boolean {
  const map = pod.metadata[entry.on];
  return isRecord(map) && Object.hasOwn(map, entry.key);
}

/** A value the injector may have written that was kept as the pod's own. */
export interface KeptValue {
  on: 'annotations' | 'labels';
  key: string;
  value: string;
  /** What injection writes without it under the current settings (undefined: nothing, or injection failed). */
  currentSettingsWrite: string | undefined;
}

export interface RestoredPod {
  pod: PodView;
  /** Keys kept as the pod's own although the injector writes them too (see KeptValue). */
  kept: KeptValue[];
}

/** The pod without empty `annotations` / `labels` maps (the injector creates them when absent). */
export function withoutEmptyMaps(pod: PodView): PodView {
  const metadata: ObjectMeta = { ...pod.metadata };
  let changed = false;
  for (const key of ['annotations', 'labels'] as const) {
    if (metadata[key] !== undefined && deepEqual(metadata[key], {})) {
      delete metadata[key];
      changed = true;
    }
  }
  return changed ? { ...pod, metadata } : pod;
}
