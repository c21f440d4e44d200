import { loadBounded } from '../config/bounded-yaml.ts';
import { lstat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { yamlProblemAt } from '../krm/input-error.ts';
import { confinedFile, readConfinedFile } from './confined-path.ts';
import { readSettingsFile, settingsFromText, type SettingsFile } from './settings-input.ts';
import { setOwn } from '../core/json-record.ts';

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
  const where = join(dir, 'Kptfile');
  const mutators = (kptfile as { pipeline?: { mutators?: unknown } } | null)?.pipeline?.mutators;
  if (mutators === undefined || mutators === null) return { kind: 'none' };
  // kpt refuses to read such a Kptfile: the settings it would give are not the defaults either.
  if (!Array.isArray(mutators))
    return refused(where, 'pipeline.mutators is not a list; kpt cannot read this Kptfile. Make it a list of functions');
  const index = mutators.findIndex(runsKumaInject);
  if (index < 0) return { kind: 'none' };
  const field = `pipeline.mutators[${index}]`;
  const { configPath, configMap } = mutators[index] as Record<string, unknown>;
  if (configPath !== undefined && configPath !== null && configMap !== undefined && configMap !== null)
    return refused(where, `${field} sets both configPath and configMap, which kpt refuses. Keep one of them`);
  if (configPath !== undefined && configPath !== null) {
    // kpt reads any scalar here as the path it spells (configPath: 5 is the file "5").
    if (typeof configPath === 'object')
      return refused(where, `${field}.configPath is not a file path. Give the settings file, relative to the package`);
    const path = String(configPath);
    const file = await confinedFile(dir, dir, path, `configPath of the kuma-inject mutator in ${where}`, PACKAGE);
    return file.ok ? { kind: 'file', path: file.path, configPath: path } : { kind: 'error', message: file.message };
  }
  if (configMap === undefined || configMap === null) return { kind: 'none' };
  if (typeof configMap !== 'object' || Array.isArray(configMap))
    return refused(where, `${field}.configMap is not a map of settings; kpt cannot read this Kptfile. Write it as key: "value" lines`);
  // kpt reads each value as a string: a number or boolean as its text, an empty value as "", a
  // list or map not at all.
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(configMap)) {
    if (typeof value === 'object' && value !== null)
      return refused(
        where,
        `${field}.configMap.${key} is a ${Array.isArray(value) ? 'list' : 'map'}; kpt reads configMap values as strings only and cannot read this Kptfile. Write it as one string (a list as a,b)`,
      );
    setOwn(data, key, value === null ? '' : String(value));
  }
  const configMapObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kptfile-config-map' }, data };
  return { kind: 'inline', text: JSON.stringify(configMapObject) };
}

function refused(kptfile: string, problem: string): KptfileSettings {
  return { kind: 'error', message: `${kptfile}: ${problem}, so its kuma-inject settings can be read` };
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
