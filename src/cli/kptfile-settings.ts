import { loadBounded } from '../config/bounded-yaml.ts';
import { lstat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { yamlProblemAt } from '../krm/input-error.ts';
import { confinedFile, readConfinedFile } from './confined-path.ts';
import { readSettingsFile, settingsFromText, type SettingsFile } from './settings-input.ts';

/**
 * The settings a kpt package's Kptfile gives its kuma-inject mutator: a settings file
 * (`configPath`, absolute here), an inline `configMap` (as a ConfigMap functionConfig text), none,
 * or why the Kptfile cannot say.
 */
export type KptfileSettings =
  | { kind: 'none' }
  | { kind: 'file'; path: string; configPath: string }
  | { kind: 'inline'; text: string }
  | { kind: 'error'; message: string };

/** How messages name the folder a Kptfile's files must stay in (kpt itself keeps them there). */
const PACKAGE = 'the package folder';

/**
 * Reads `dir/Kptfile` and returns the settings of the first mutator that runs kuma-inject (an
 * `exec` whose program is kuma-inject, or an `image` named kuma-inject). Outside kpt (stream mode,
 * Argo CD) the package then renders with the settings `kpt fn render` uses, instead of the
 * defaults: otherwise an injection committed by kpt would be re-rendered with other settings,
 * with nothing but info lines to say so.
 */
export async function kptfileSettings(dir: string): Promise<KptfileSettings> {
  // The Kptfile and its configPath come with the package: both must be files of the package.
  if ((await lstat(join(dir, 'Kptfile')).catch(() => undefined)) === undefined) return { kind: 'none' };
  const read = await readConfinedFile(dir, dir, 'Kptfile', 'Kptfile', PACKAGE);
  if (!read.ok) return { kind: 'error', message: read.message };
  let kptfile: unknown;
  try {
    kptfile = loadBounded(read.text);
  } catch (error) {
    return {
      kind: 'error',
      message: `${join(dir, 'Kptfile')}: not valid YAML (${yamlProblemAt(error)}); fix it so its kuma-inject settings can be read`,
    };
  }
  const mutators = (kptfile as { pipeline?: { mutators?: unknown } } | null)?.pipeline?.mutators;
  if (!Array.isArray(mutators)) return { kind: 'none' };
  const mutator = mutators.find(runsKumaInject) as Record<string, unknown> | undefined;
  if (mutator === undefined) return { kind: 'none' };
  const { configPath, configMap } = mutator;
  if (typeof configPath === 'string') {
    const file = await confinedFile(dir, dir, configPath, `configPath of the kuma-inject mutator in ${join(dir, 'Kptfile')}`, PACKAGE);
    return file.ok ? { kind: 'file', path: file.path, configPath } : { kind: 'error', message: file.message };
  }
  if (typeof configMap === 'object' && configMap !== null && !Array.isArray(configMap)) {
    const configMapObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kptfile-config-map' }, data: configMap };
    return { kind: 'inline', text: JSON.stringify(configMapObject) };
  }
  return { kind: 'none' };
}

function runsKumaInject(mutator: unknown): boolean {
  if (typeof mutator !== 'object' || mutator === null) return false;
  const { exec, image } = mutator as Record<string, unknown>;
  if (typeof exec === 'string') return basename(exec.trim().split(/\s+/)[0] ?? '') === 'kuma-inject';
  if (typeof image === 'string') return /(^|\/)kuma-inject(:|@|$)/.test(image);
  return false;
}

/** The Kptfile's kuma-inject settings, read and checked like a --config file; `from` says where they are. */
export type PackageSettings =
  | { kind: 'none' }
  | { kind: 'found'; settings: Extract<SettingsFile, { ok: true }>; from: string; excluded: string | undefined }
  | { kind: 'error'; message: string };

/** {@link kptfileSettings}, then the settings read and validated (a wrong one is a usage error). */
export async function packageSettings(dir: string, shownDir: string): Promise<PackageSettings> {
  const found = await kptfileSettings(dir);
  if (found.kind === 'none') return found;
  if (found.kind === 'error') return found;
  const kptfile = join(shownDir, 'Kptfile');
  const from =
    found.kind === 'file'
      ? `${join(shownDir, found.configPath)} (configPath of the kuma-inject mutator in ${kptfile})`
      : `the configMap of the kuma-inject mutator in ${kptfile}`;
  const label = (): string => `settings ${from}`;
  const settings =
    found.kind === 'file'
      ? await readSettingsFile(found.path, dir, 'settings file', [], label)
      : settingsFromText(found.text, join(dir, 'Kptfile'), label);
  if (!settings.ok) return { kind: 'error', message: settings.message };
  return { kind: 'found', settings, from, excluded: found.kind === 'file' ? found.path : undefined };
}
