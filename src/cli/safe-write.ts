import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, open, realpath, rename, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { isInside } from './confined-path.ts';

/**
 * Writing files whose names come from input (a preview at `<namespace>/<kind>-<name>.yaml`, a
 * manifest rewritten in place): the path must stay inside the folder the user chose, no existing
 * symlink on the way (a folder or the file itself) is ever followed, and each file is written
 * whole (a temporary file in the same folder, then a rename), so a reader never sees half a file
 * and a failure leaves the old one.
 */

/** One file to write: `path` relative to the root. */
export interface FileToWrite {
  path: string;
  data: string | Uint8Array;
}

export type WriteCheck = { ok: true; target: string } | { ok: false; message: string };

/**
 * Checks where `path` (relative to `root`) would be written: inside the root after resolution,
 * and no symlink among the existing components below the root nor at the file. `root` itself is
 * the user's choice and may be reached through a symlink.
 */
export async function checkWriteTarget(root: string, path: string): Promise<WriteCheck> {
  const realRoot = await realpath(root).catch(() => undefined);
  if (realRoot === undefined) return { ok: false, message: `${root}: the folder does not exist` };
  const rel = normalize(path);
  if (path === '' || isAbsolute(path) || rel === '..' || rel.startsWith(`..${sep}`) || rel === '.') {
    return { ok: false, message: `${path}: not a file path inside ${root}; refusing to write it` };
  }
  const target = join(realRoot, rel);
  if (!isInside(realRoot, target) || relative(realRoot, target) === '')
    return { ok: false, message: `${path}: leads outside ${root}; refusing to write it` };
  let at = realRoot;
  for (const part of relative(realRoot, target).split(sep)) {
    at = join(at, part);
    const info = await lstat(at).catch(() => undefined);
    if (info === undefined) break; // the rest is created by us
    if (info.isSymbolicLink())
      return {
        ok: false,
        message: `${join(root, relative(realRoot, at))} is a symbolic link; refusing to write through it. Remove the link or choose another folder.`,
      };
    if (at !== target && !info.isDirectory())
      return {
        ok: false,
        message: `${join(root, relative(realRoot, at))} is a file where a folder is needed for ${path}; refusing to write`,
      };
    if (at === target && !info.isFile())
      return { ok: false, message: `${join(root, path)} exists and is not a regular file; refusing to write it` };
  }
  return { ok: true, target };
}

/**
 * Writes `data` to `path` under `root` after {@link checkWriteTarget}: missing folders are made
 * one level at a time (a folder that appears as a symlink meanwhile fails the write), the data goes
 * to a new temporary file (created exclusively, so never through a link) in the target's folder,
 * which then replaces the target by rename. An existing file keeps its permission bits.
 */
export async function writeFileSafely(root: string, path: string, data: string | Uint8Array): Promise<void> {
  const check = await checkWriteTarget(root, path);
  if (!check.ok) throw new SafeWriteError(check.message);
  const folder = dirname(check.target);
  await makeFolders(folder);
  const temp = await stageBeside(check.target, data);
  try {
    // Checked again right before the rename: a link put in the file's place meanwhile is refused.
    const now = await lstat(check.target).catch(() => undefined);
    if (now?.isSymbolicLink() === true)
      throw new SafeWriteError(`${join(root, path)} became a symbolic link; refusing to write through it`);
    await rename(temp, check.target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Checks every target first and writes only when all are fine, so a refusal leaves nothing
 * written; resolves to the number of files written, or rejects with the first problem.
 */
export async function writeFilesSafely(root: string, files: readonly FileToWrite[]): Promise<number> {
  for (const file of files) {
    const check = await checkWriteTarget(root, file.path);
    if (!check.ok) throw new SafeWriteError(check.message);
  }
  for (const file of files) await writeFileSafely(root, file.path, file.data);
  return files.length;
}

/** A write refused because of where it would land (not an I/O failure). */
export class SafeWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafeWriteError';
  }
}

/** mkdir one level at a time below an existing folder; an existing symlink in the way is an error. */
async function makeFolders(folder: string): Promise<void> {
  const info = await lstat(folder).catch(() => undefined);
  if (info !== undefined) {
    if (info.isSymbolicLink() || !info.isDirectory())
      throw new SafeWriteError(`${folder} is not a plain folder; refusing to write into it`);
    return;
  }
  await makeFolders(dirname(folder));
  await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const made = await lstat(folder);
  if (made.isSymbolicLink() || !made.isDirectory()) throw new SafeWriteError(`${folder} is not a plain folder; refusing to write into it`);
}

/**
 * Writes `data` to a new temporary file beside `target` (created exclusively, so never through a
 * link) and gives it the permission bits of an existing target; the caller renames it into place.
 * Nothing is left behind when it fails.
 */
export async function stageBeside(target: string, data: string | Uint8Array): Promise<string> {
  const folder = dirname(target);
  const temp = join(folder, `.${target.slice(folder.length + 1)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    const previous = await lstat(target).catch(() => undefined);
    if (previous !== undefined) await chmod(temp, previous.mode & 0o7777);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return temp;
}
