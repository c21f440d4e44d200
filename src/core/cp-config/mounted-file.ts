import type { KubeObject } from '../types.ts';
import type { ControlPlaneInstall, InstallLookups, InstallMount, InstallMountSource } from './install.ts';

/**
 * A file of the control-plane container (the config file, the CA file) read through its volume
 * mounts, the way the kubelet lays them out: the mount at the exact path with a `subPath` (the key),
 * or the deepest mount of a parent folder (the key is the rest of the path, or an `items` entry's
 * path). Secrets and ConfigMaps are looked up in the bundle and side inputs; anything else exists
 * only in the cluster.
 */
export type MountedFile =
  | { kind: 'found'; text: string; from: string; volume?: string }
  | { kind: 'unknown'; reason: string; from?: string; volume?: string };

/** Base64 as the API server stores Secret data; undefined when it is not valid base64. */
function decodeBase64(text: string): string | undefined {
  try {
    const binary = atob(text.replace(/\s+/g, ''));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** A key of a Secret (stringData wins, as the API server merges it over data) or a ConfigMap. */
export function objectKey(object: KubeObject, key: string): string | undefined | { invalid: string } {
  const record = (field: string) => object[field] as Record<string, unknown> | undefined;
  if (object.kind === 'Secret') {
    const plain = record('stringData')?.[key];
    if (typeof plain === 'string') return plain;
    const encoded = record('data')?.[key];
    if (typeof encoded !== 'string') return undefined;
    return decodeBase64(encoded) ?? { invalid: 'is not valid base64 of UTF-8 text' };
  }
  const data = record('data')?.[key];
  if (typeof data === 'string') return data;
  const binary = record('binaryData')?.[key];
  if (typeof binary === 'string') return decodeBase64(binary) ?? { invalid: 'is not valid base64 of UTF-8 text' };
  return undefined;
}

function mountFor(path: string, mounts: readonly InstallMount[]): { mount: InstallMount; rest: string } | undefined {
  let best: { mount: InstallMount; rest: string } | undefined;
  for (const mount of mounts) {
    const at = mount.mountPath.replace(/\/+$/, '');
    if (mount.subPath !== undefined) {
      if (at === path) return { mount, rest: '' };
      continue;
    }
    if (path.startsWith(`${at}/`) && (best === undefined || at.length > best.mount.mountPath.replace(/\/+$/, '').length))
      best = { mount, rest: path.slice(at.length + 1) };
  }
  return best;
}

function fromSource(
  source: InstallMountSource,
  key: string,
  install: ControlPlaneInstall,
  lookups: InstallLookups,
  volume: string,
): MountedFile {
  if (source.kind === 'other')
    return {
      kind: 'unknown',
      reason: `volume ${volume} is ${source.type === 'missing volume' ? 'not defined in the pod' : `a ${source.type} volume`}, whose content exists only in the cluster`,
    };
  if (source.kind === 'projected') {
    let last: MountedFile = { kind: 'unknown', reason: `no source of projected volume ${volume} holds ${key}` };
    for (const inner of source.sources) {
      const read = fromSource(inner, key, install, lookups, volume);
      if (read.kind === 'found') return read;
      if (read.from !== undefined) last = read;
    }
    return last;
  }
  const kind = source.kind === 'secret' ? 'Secret' : 'ConfigMap';
  const mapped = source.items === undefined ? key : source.items.find((item) => item.path === key)?.key;
  const from = `${kind} ${install.namespace}/${source.name} key ${mapped ?? key}`;
  if (mapped === undefined) return { kind: 'unknown', reason: `volume ${volume} maps no key to ${key}`, from };
  const generated = install.unknownObjects?.find((o) => o.kind === kind && o.name === source.name);
  if (generated !== undefined) return { kind: 'unknown', reason: `${kind} ${install.namespace}/${source.name}: ${generated.reason}`, from };
  const found = lookups.find(kind, install.namespace, source.name);
  if (found === undefined)
    return { kind: 'unknown', reason: `${kind} ${install.namespace}/${source.name} is neither in the input nor in the side inputs`, from };
  const value = objectKey(found.object, mapped);
  if (value === undefined) return { kind: 'unknown', reason: `${kind} ${install.namespace}/${source.name} has no key ${mapped}`, from };
  if (typeof value === 'object')
    return { kind: 'unknown', reason: `${kind} ${install.namespace}/${source.name} key ${mapped} ${value.invalid}`, from };
  return { kind: 'found', text: value, from };
}

/** The content of the file at `path` in the control-plane container, or why it is not knowable offline. */
export function readMountedFile(path: string, install: ControlPlaneInstall, lookups: InstallLookups): MountedFile {
  const hit = mountFor(path, install.mounts);
  if (hit === undefined)
    return { kind: 'unknown', reason: `${path} is not mounted from a Secret or ConfigMap: it would be a file of the kuma-cp image` };
  const key = hit.mount.subPath ?? hit.rest;
  if (key === '') return { kind: 'unknown', reason: `${path} is a mounted folder, not a file`, volume: hit.mount.volume };
  return { ...fromSource(hit.mount.source, key, install, lookups, hit.mount.volume), volume: hit.mount.volume };
}
