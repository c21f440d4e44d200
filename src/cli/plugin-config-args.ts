import { parseArgs } from './args.ts';
import { readConfinedFile } from './confined-path.ts';

/** Keys of an exec plugin's config that kustomize itself reads: extra arguments for the plugin. */
export const KUSTOMIZE_PLUGIN_KEYS = ['argsOneLiner', 'argsFromFile'];

/** Settings from the flags a plugin config adds, or why they cannot be used. */
export type PluginArgs = { ok: true; overrides: Record<string, unknown> } | { ok: false; message: string };

/** Where the files a plugin config names may be: the root folder, and how messages call it. */
export interface FileRoot {
  root: string;
  name: string;
}

/**
 * Returns the settings of the flags kustomize would pass to the legacy plugin for this config:
 * `argsOneLiner` split on spaces, then each non-blank line of `argsFromFile` (relative to `dir`,
 * the kustomization's folder), as kustomize v5 builds them. Argo CD reads the same KumaInject file
 * as its settings, so it must honour these flags too, or it would re-render with other settings
 * than the overlay's transformer used. `argsFromFile` comes from the repository: it must be a file
 * inside `within`, and no message quotes its lines (it may be any file), only their numbers.
 */
export async function pluginConfigArgs(host: Record<string, unknown>, dir: string, within: FileRoot): Promise<PluginArgs> {
  const args: string[] = [];
  const oneLiner = host['argsOneLiner'];
  if (oneLiner !== undefined) {
    if (typeof oneLiner !== 'string')
      return {
        ok: false,
        message: `argsOneLiner: expected a string of flags (got ${JSON.stringify(oneLiner)}); write them on one line, e.g. argsOneLiner: --product kuma`,
      };
    args.push(...oneLiner.split(' ').filter((arg) => arg !== ''));
  }
  const ownArgs = args.length;
  const problem = flagsProblem(args);
  if (problem !== undefined) return { ok: false, message: `plugin arguments ${args.join(' ')}: ${problem}` };
  const fromFile = host['argsFromFile'];
  const lineOf: number[] = [];
  if (fromFile !== undefined) {
    if (typeof fromFile !== 'string')
      return {
        ok: false,
        message: `argsFromFile: expected a file name (got ${JSON.stringify(fromFile)}); name a file of one flag per line`,
      };
    const file = await readConfinedFile(within.root, dir, fromFile, 'argsFromFile', within.name);
    if (!file.ok) return { ok: false, message: file.message };
    file.text.split('\n').forEach((raw, i) => {
      const line = raw.replace(/^ +/, '').replace(/\r$/, '');
      if (line === '') return;
      args.push(line);
      lineOf.push(i + 1);
    });
    // The first line whose flags fail names the problem; a value still missing at the end is the last line's.
    for (let n = ownArgs + 1; n <= args.length; n++) {
      const failed = flagsProblem(args.slice(0, n));
      if (failed !== undefined && (n === args.length || !/needs a value/.test(failed))) {
        return {
          ok: false,
          message: `argsFromFile ${fromFile}, line ${lineOf[n - ownArgs - 1] ?? 0}: not a setting flag (or its value) that kuma-inject accepts; write one setting flag or value per line, e.g. --product on one line and kuma on the next (see kuma-inject --help)`,
        };
      }
    }
  }
  if (args.length === 0) return { ok: true, overrides: {} };
  const parsed = parseArgs(args);
  return parsed.mode === 'krm'
    ? { ok: true, overrides: parsed.overrides }
    : { ok: false, message: 'plugin arguments: only setting flags (--product, --version, ...) can go in argsOneLiner / argsFromFile' };
}

/** Why `args` are not setting flags only, or undefined when they are. */
function flagsProblem(args: readonly string[]): string | undefined {
  if (args.length === 0) return undefined;
  const parsed = parseArgs(args);
  if (parsed.mode === 'usage-error') return parsed.message;
  if (parsed.mode !== 'krm' || parsed.configFile !== undefined || parsed.previews.kind !== 'default') {
    return 'only setting flags (--product, --version, ...) can go in argsOneLiner / argsFromFile';
  }
  return undefined;
}
