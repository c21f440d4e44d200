import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CommonOptions } from './args.ts';
import { packageSettings, type PackageSettings } from './kptfile-settings.ts';
import { sideInputFiles } from './side-inputs.ts';

/** What a run over `-f PATH...` reads besides manifests. */
export interface RunSources {
  /** Files under the inputs that are settings or context, not manifests: never read as manifests. */
  exclude: string[];
  /** The settings of a kpt package given alone (none when --config is given or it is no package). */
  pkg: Exclude<PackageSettings, { kind: 'error' }>;
}

/**
 * The stream and check runs' common start: the --config file, the --cluster-state captures, the
 * --helm-values files and the package's own settings file are left out of the manifests, and the package's settings are read.
 * A Kptfile whose settings cannot be read is a usage error (the message says which and why).
 */
export async function runSources(
  inputs: readonly string[],
  options: CommonOptions,
  cwd: string,
): Promise<{ ok: true; sources: RunSources } | { ok: false; message: string }> {
  const exclude = options.configFile === undefined ? [] : [resolve(cwd, options.configFile)];
  // A capture given with --cluster-state inside a folder read with -f is context, not manifests.
  exclude.push(...(await sideInputFiles(options.clusterState, cwd)));
  // So are the control plane's Helm values (--helm-values).
  exclude.push(...options.helmValues.map((path) => resolve(cwd, path)));
  const pkg = await kptPackageSettings(inputs, options, cwd);
  if (pkg.kind === 'error') return { ok: false, message: pkg.message };
  if (pkg.kind === 'found' && pkg.excluded !== undefined) exclude.push(pkg.excluded);
  return { ok: true, sources: { exclude, pkg } };
}

/**
 * `-f PKG` alone, without --config, where PKG is a kpt package whose Kptfile runs kuma-inject: the
 * settings `kpt fn render` uses, so the stream matches what kpt committed. Anything else: none.
 */
async function kptPackageSettings(inputs: readonly string[], options: CommonOptions, cwd: string): Promise<PackageSettings> {
  const [only] = inputs;
  if (options.configFile !== undefined || inputs.length !== 1 || only === undefined || only === '-') return { kind: 'none' };
  const dir = resolve(cwd, only);
  try {
    if (!(await stat(dir)).isDirectory()) return { kind: 'none' };
  } catch {
    return { kind: 'none' };
  }
  return packageSettings(dir, only);
}
