import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from './args.ts';

/** Keys of an exec plugin's config that kustomize itself reads: extra arguments for the plugin. */
export const KUSTOMIZE_PLUGIN_KEYS = ['argsOneLiner', 'argsFromFile'];

/** Settings from the flags a plugin config adds, or why they cannot be used. */
export type PluginArgs = { ok: true; overrides: Record<string, unknown> } | { ok: false; message: string };

/**
 * Returns the settings of the flags kustomize would pass to the legacy plugin for this config:
 * `argsOneLiner` split on spaces, then each non-blank line of `argsFromFile` (relative to `dir`,
 * the kustomization's folder), as kustomize v5 builds them. Argo CD reads the same KumaInject file
 * as its settings, so it must honour these flags too, or it would re-render with other settings
 * than the overlay's transformer used.
 */
export async function pluginConfigArgs(host: Record<string, unknown>, dir: string): Promise<PluginArgs> {
  const args: string[] = [];
  const oneLiner = host['argsOneLiner'];
  if (oneLiner !== undefined) {
    if (typeof oneLiner !== 'string') return { ok: false, message: `argsOneLiner: expected a string of flags (got ${JSON.stringify(oneLiner)}); write them on one line, e.g. argsOneLiner: --product kuma` };
    args.push(...oneLiner.split(' ').filter((arg) => arg !== ''));
  }
  const fromFile = host['argsFromFile'];
  if (fromFile !== undefined) {
    if (typeof fromFile !== 'string') return { ok: false, message: `argsFromFile: expected a file name (got ${JSON.stringify(fromFile)}); name a file of one flag per line` };
    let text: string;
    try {
      text = await readFile(resolve(dir, fromFile), 'utf8');
    } catch {
      return { ok: false, message: `argsFromFile: ${fromFile}: no such file (looked at ${resolve(dir, fromFile)}); name a file next to the kustomization` };
    }
    args.push(...text.split('\n').map((line) => line.replace(/^ +/, '').replace(/\r$/, '')).filter((line) => line !== ''));
  }
  if (args.length === 0) return { ok: true, overrides: {} };
  const parsed = parseArgs(args);
  if (parsed.mode === 'usage-error') return { ok: false, message: `plugin arguments ${args.join(' ')}: ${parsed.message}` };
  if (parsed.mode !== 'krm' || parsed.configFile !== undefined || parsed.previews.kind !== 'default') {
    return { ok: false, message: `plugin arguments ${args.join(' ')}: only setting flags (--product, --version, ...) can go in argsOneLiner / argsFromFile` };
  }
  return { ok: true, overrides: parsed.overrides };
}
