import { dirname } from 'node:path';
import { mergeSettings } from '../config/merge.ts';
import { KUSTOMIZE_PLUGIN_KEYS, pluginConfigArgs } from './plugin-config-args.ts';
import { overridesProblem, readSettingsFile } from './settings-input.ts';

/** A `--config` file's settings text and the flags its kustomize keys add, merged under the command line's. */
export type ConfigFile = { ok: true; path: string; text: string; overrides: Record<string, unknown> } | { ok: false; message: string };

/**
 * Reads `--config FILE`. The same file is often the KumaInject transformer config of a
 * kustomization, whose flags sit in `argsOneLiner` / `argsFromFile` (the README's way to read the
 * warnings kubectl hides pipes the overlay through `-f - --config` that very file): those flags
 * apply here as under kustomize, above the file's settings and below the command line's flags.
 */
export async function readConfigFile(file: string, cwd: string, commandLine: Record<string, unknown>): Promise<ConfigFile> {
  const read = await readSettingsFile(file, cwd, '--config', KUSTOMIZE_PLUGIN_KEYS);
  if (!read.ok) return read;
  // argsFromFile stays inside the config file's folder, as kustomize keeps it inside the kustomization.
  const flags = await pluginConfigArgs(read.host, dirname(read.path), { root: dirname(read.path), name: `the folder of --config ${file}` });
  if (!flags.ok) return { ok: false, message: `--config ${file}, ${flags.message}` };
  const problem = overridesProblem(flags.overrides, `argsOneLiner / argsFromFile of ${file}`);
  if (problem !== undefined) return { ok: false, message: `--config ${file}: invalid plugin arguments:\n${problem}` };
  return { ok: true, path: read.path, text: read.text, overrides: mergeSettings<Record<string, unknown>>(flags.overrides, commandLine) };
}
