import { lstatSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { decodeUtf8, notUtf8Words } from '../krm/utf8-text.ts';

/**
 * Files a repository or its environment names are untrusted: an Argo CD app's settings file may
 * say `argsFromFile: /etc/passwd`, a Kptfile's configPath may be `../../secret`, a symlink in the
 * checkout may point anywhere. Every such path goes through here: resolved with symlinks, and
 * refused unless it stays inside the allowed root. Messages name the setting and the path, never
 * what the file holds.
 */

/** True when `path` is `root` or below it (both already absolute and normalised). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** A file found inside the root (`path`: its real path, symlinks resolved), or why it cannot be used. */
export type ConfinedFile = { ok: true; path: string } | { ok: false; message: string };

/**
 * Resolves `name` (relative to `from`, or absolute) and checks that it, with every symlink
 * followed, is a regular file inside `root`. `setting` is how the user wrote the reference
 * (`argsFromFile`, `PARAM_CONFIG`, `configPath of the kuma-inject mutator in Kptfile`), so the
 * refusal says which line to fix. `rootName` says what the root is in words. The checks are
 * synchronous calls (native realpath, as fs/promises uses): a host checks every manifest of a
 * checkout this way, thousands of files with nothing else to do meanwhile, where three thread-pool
 * round trips per file were most of the time it took.
 */
export async function confinedFile(root: string, from: string, name: string, setting: string, rootName: string): Promise<ConfinedFile> {
  const realRoot = orUndefined(() => realpathSync.native(root)) ?? resolve(root);
  const wanted = resolve(from, name);
  const outside = `${setting}: ${name} is outside ${rootName} (${realRoot}); only files inside it can be read. Name a file inside ${rootName}.`;
  // Refuse by the written path first: `../../etc/passwd` says nothing about whether it exists.
  if (!isInside(realRoot, wanted) && !isInside(resolve(root), wanted)) return { ok: false, message: outside };
  const real = orUndefined(() => realpathSync.native(wanted));
  if (real === undefined) {
    if (orUndefined(() => lstatSync(wanted))?.isSymbolicLink() === true)
      return {
        ok: false,
        message: `${setting}: ${name} is a symbolic link that leads nowhere inside ${rootName}; name a file inside ${rootName}.`,
      };
    return { ok: false, message: `${setting}: ${name}: no such file (looked at ${wanted}). Name a file inside ${rootName}.` };
  }
  if (!isInside(realRoot, real)) {
    return {
      ok: false,
      message: `${setting}: ${name} is a symbolic link (or passes through one) that leads outside ${rootName} (${realRoot}); only files inside it can be read. Name a file inside ${rootName}.`,
    };
  }
  if (orUndefined(() => statSync(real))?.isFile() !== true)
    return { ok: false, message: `${setting}: ${name} is not a regular file; name a file inside ${rootName}.` };
  return { ok: true, path: real };
}

/** What `read` gives, or undefined when it throws (a path that is missing, or cannot be read). */
function orUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** {@link confinedFile}, then its bytes as UTF-8 text. */
export async function readConfinedFile(
  root: string,
  from: string,
  name: string,
  setting: string,
  rootName: string,
): Promise<{ ok: true; path: string; text: string } | { ok: false; message: string }> {
  const found = await confinedFile(root, from, name, setting, rootName);
  if (!found.ok) return found;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(found.path);
  } catch (error) {
    return { ok: false, message: `${setting}: ${name}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).` };
  }
  const text = decodeUtf8(bytes);
  if (!text.ok) return { ok: false, message: `${setting}: ${name}: ${notUtf8Words(text.problem)}` };
  return { ok: true, path: found.path, text: text.text };
}
