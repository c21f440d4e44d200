import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { HelmValuesFile } from '../config/helm-values.ts';
import { decodeUtf8, notUtf8Words } from '../krm/utf8-text.ts';
import { isInside } from './confined-path.ts';

/**
 * The control plane's Helm values files. `--helm-values FILE` comes from the command line (the
 * user's own, read as given, like `--cluster-state`); `helmValues:` paths come from settings a
 * repository holds, so they are untrusted: resolved with symlinks and refused unless they stay
 * inside the host's root (the directory kuma-inject runs in; the application directory under Argo
 * CD). Messages name the path, never what the file holds.
 */

/** Reads every `--helm-values` file, in order; a missing or unreadable one is a usage error. */
export async function commandLineHelmValues(
  paths: readonly string[],
  cwd: string,
): Promise<{ ok: true; files: HelmValuesFile[] } | { ok: false; message: string }> {
  const files: HelmValuesFile[] = [];
  for (const path of paths) {
    const full = resolve(cwd, path);
    const info = await stat(full).catch(() => undefined);
    if (info === undefined)
      return {
        ok: false,
        message: `--helm-values ${path}: no such file (looked at ${full}); give a Helm values file of the kuma or kong-mesh chart`,
      };
    if (!info.isFile())
      return {
        ok: false,
        message: `--helm-values ${path}: not a regular file; give one values file per --helm-values (repeat the flag for several)`,
      };
    const text = decodeUtf8(await readFile(full));
    if (!text.ok) return { ok: false, message: `--helm-values ${path}: ${notUtf8Words(text.problem)}` };
    files.push({ source: path, text: text.text });
  }
  return { ok: true, files };
}

/** The real path of a `helmValues:` entry inside `root`, or why it cannot be read. */
export function confinedHelmValuesPath(root: string, path: string): { ok: true; path: string } | { ok: false; error: string } {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { ok: false, error: `the folder ${root} does not exist` };
  }
  const full = resolve(realRoot, path);
  if (!isInside(realRoot, full) && !isInside(resolve(root), resolve(root, path))) {
    return { ok: false, error: `is outside ${root}; helmValues paths must stay inside it. Move the values file into the repository` };
  }
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    const linked = (() => {
      try {
        return lstatSync(full).isSymbolicLink();
      } catch {
        return false;
      }
    })();
    return {
      ok: false,
      error: linked ? `is a symbolic link that leads nowhere inside ${root}` : `no such file under ${root} (looked at ${full})`,
    };
  }
  if (!isInside(realRoot, real))
    return {
      ok: false,
      error: `is a symbolic link (or passes through one) that leads outside ${root}; helmValues paths must stay inside it`,
    };
  if (!statSync(real).isFile()) return { ok: false, error: 'is not a regular file; name one values file per entry' };
  return { ok: true, path: real };
}

/** Reads `helmValues:` paths of the settings, confined to `root`. */
export function helmValuesReader(root: string): (path: string) => HelmValuesFile | { error: string } {
  return (path) => {
    const found = confinedHelmValuesPath(root, path);
    if (!found.ok) return { error: found.error };
    const text = decodeUtf8(readFileSync(found.path));
    if (!text.ok) return { error: notUtf8Words(text.problem) };
    return { source: path, text: text.text };
  };
}
