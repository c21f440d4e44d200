import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SideInput } from '../krm/side-inputs.ts';
import type { HelmValuesFile } from '../config/helm-values.ts';
import type { CommonOptions } from './args.ts';
import { linkOutsideMessage, manifestFiles, sourceFiles } from './read-inputs.ts';
import { commandLineHelmValues, helmValuesReader } from './helm-values-files.ts';
import type { ProcessOptions } from '../krm/process.ts';
import { decodeUtf8, notUtf8Words } from '../krm/utf8-text.ts';
import { displayPath } from './display-path.ts';
import { isInside } from './confined-path.ts';

/**
 * `--cluster-state PATH` (files and folders the user names on the command line),
 * `--ca-cert-file PEM` (the control plane's CA, as `controlPlane.caCert`) and `--helm-values FILE`
 * (the control plane's Helm values): read before anything is processed, so a missing file is a
 * usage error.
 */
export async function commandLineSideInputs(
  options: CommonOptions,
  cwd: string,
): Promise<
  { ok: true; sideInputs: SideInput[]; overrides: Record<string, unknown>; helmValues: HelmValuesFile[] } | { ok: false; message: string }
> {
  const sideInputs: SideInput[] = [];
  for (const path of options.clusterState) {
    const full = resolve(cwd, path);
    const info = await stat(full).catch(() => undefined);
    if (info === undefined)
      return {
        ok: false,
        message: `--cluster-state ${path}: no such file or directory (looked at ${full}); give the file or folder of a cluster capture (see --help)`,
      };
    const walk = sourceFiles(full, info);
    if (!walk.ok) return { ok: false, message: linkOutsideMessage(`--cluster-state ${path}`, walk.linkOutside, cwd) };
    for (const file of walk.files) {
      const text = utf8File(file);
      if (typeof text !== 'string')
        return { ok: false, message: `--cluster-state ${displayPath(file, cwd)}: ${text?.problem ?? 'cannot read it'}` };
      sideInputs.push({ source: displayPath(file, cwd), text });
    }
  }
  let overrides = options.overrides;
  if (options.caCertFile !== undefined) {
    const full = resolve(cwd, options.caCertFile);
    const text = utf8File(full);
    if (text === undefined) return { ok: false, message: `--ca-cert-file ${options.caCertFile}: cannot read it (looked at ${full})` };
    if (typeof text !== 'string') return { ok: false, message: `--ca-cert-file ${options.caCertFile}: ${text.problem}` };
    if (!/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(text)) {
      return {
        ok: false,
        message: `--ca-cert-file ${options.caCertFile}: not a PEM certificate (expected -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----); give the control plane's CA, e.g. the ca.crt of its <release>-tls-cert Secret`,
      };
    }
    const controlPlane = { ...(overrides['controlPlane'] as Record<string, unknown> | undefined), caCert: text };
    overrides = { ...overrides, controlPlane };
  }
  const helm = await commandLineHelmValues(options.helmValues, cwd);
  if (!helm.ok) return helm;
  return { ok: true, sideInputs, overrides, helmValues: helm.files };
}

/**
 * What a command-line run hands processInput about files: the cluster state and Helm values its
 * flags named, and readers for the `clusterState:` and `helmValues:` paths its settings name,
 * confined to `cwd`. One place, so every mode reads the same files the same way.
 */
export function commandLineFiles(
  side: { sideInputs: SideInput[]; helmValues: HelmValuesFile[] },
  cwd: string,
): Pick<ProcessOptions, 'sideInputs' | 'readClusterState' | 'helmValues' | 'readHelmValues'> {
  return {
    sideInputs: side.sideInputs,
    readClusterState: clusterStateReader(cwd),
    helmValues: side.helmValues,
    readHelmValues: helmValuesReader(cwd),
  };
}

/** The files `--cluster-state` paths name (folders read recursively); missing ones are reported later. */
export async function sideInputFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const full = resolve(cwd, path);
    const info = await stat(full).catch(() => undefined);
    if (info === undefined) continue;
    // A folder with a link out of it is refused when it is read (commandLineSideInputs).
    const walk = sourceFiles(full, info);
    if (walk.ok) files.push(...walk.files);
  }
  return files;
}

/**
 * Reads `clusterState:` paths of the settings (named by the repository, so untrusted): resolved
 * against `root`, refused when they leave it (symbolic links resolved), folders read recursively
 * without following a link out; messages never quote a file's content.
 */
export function clusterStateReader(root: string): (path: string) => SideInput[] | { error: string } {
  return (path) => {
    let realRoot: string;
    try {
      realRoot = realpathSync(root);
    } catch {
      return { error: `the folder ${root} does not exist` };
    }
    const full = resolve(realRoot, path);
    let real: string;
    try {
      real = realpathSync(full);
    } catch {
      return { error: `no such file or folder under ${root} (looked at ${full})` };
    }
    // Where an outside path leads is not said: the answer would tell what exists on the machine.
    if (!isInside(realRoot, real))
      return { error: `leads outside ${root}; clusterState paths must stay inside it. Move the capture into the repository` };
    const info = lstatSync(real);
    let files: string[];
    if (info.isDirectory()) {
      // The folder is walked as an -f folder is, bounded by the root instead of the folder. Each
      // file is named by its real path, as its source.
      const walk = manifestFiles(real, realRoot);
      if (!walk.ok) return { error: `${displayPath(walk.linkOutside, realRoot)} leads outside ${root}; refusing to read it` };
      files = walk.files.map((file) => realpathSync(file));
    } else if (info.isFile()) {
      files = [real];
    } else {
      // A named pipe would hold the run until something writes to it; a device has no end.
      return { error: `${displayPath(real, realRoot)} is not a regular file or a folder; give a file or folder of the capture` };
    }
    const read: SideInput[] = [];
    for (const file of files) {
      const text = utf8File(file);
      // The message ends where the caller goes on (`... . [KI0601]`): no full stop of its own.
      if (typeof text !== 'string')
        return { error: `${displayPath(file, realRoot)}: ${(text?.problem ?? 'cannot read it').replace(/\.$/, '')}` };
      read.push({ source: displayPath(file, realRoot), text });
    }
    return read;
  };
}

/**
 * A file's text, `{ problem }` when its bytes are not UTF-8 (decoded anyway, they would reach the
 * run with U+FFFD in their place, unsaid), or undefined when it cannot be read.
 */
function utf8File(path: string): string | { problem: string } | undefined {
  let bytes: Buffer;
  try {
    // A named pipe would hold the run until something writes to it, a device would never end.
    if (!statSync(path).isFile()) return { problem: 'not a regular file; give a file' };
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const decoded = decodeUtf8(bytes);
  return decoded.ok ? decoded.text : { problem: notUtf8Words(decoded.problem) };
}
