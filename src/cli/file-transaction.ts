import { lstat, mkdir, realpath, rename, rmdir, unlink } from 'node:fs/promises';
import { stageBeside } from './safe-write.ts';
import { dirname, relative, sep } from 'node:path';

/** One change to the file system: write `text` to `path` (absolute), or delete it. */
export type FileChange = { path: string; text: string } | { path: string; delete: true };

/** Why one file of a change set was refused: `message` says what is wrong with `path` and how to fix it, without the path. */
export class FileTransactionError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.path = path;
    this.name = 'FileTransactionError';
  }
}

/**
 * Applies every change or none (as far as a file system allows): each new content goes to a
 * temporary file created exclusively beside its target (so never through a link), synced; only
 * when every temporary file is written are they renamed over their targets, then the deletions
 * are done. A failure in the first phase (a read-only folder, a full disk) removes the temporary
 * files and leaves every target as it was. Every path must lie inside `root` after resolving
 * links, and no target may be a symbolic link.
 */
export async function applyFileChanges(root: string, changes: readonly FileChange[]): Promise<void> {
  const realRoot = await realpath(root);
  for (const change of changes) await checkTarget(realRoot, change.path);
  const staged: { temp: string; target: string }[] = [];
  const madeFolders: string[] = [];
  try {
    for (const change of changes) {
      if ('delete' in change) continue;
      try {
        madeFolders.push(...(await makeFolders(dirname(change.path))));
        await checkTarget(realRoot, change.path);
        staged.push({ temp: await stageBeside(change.path, change.text), target: change.path });
      } catch (error) {
        if (error instanceof FileTransactionError) throw error;
        throw new FileTransactionError(
          change.path,
          `cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): fix its permissions or its folder's`,
        );
      }
    }
  } catch (error) {
    await Promise.all(staged.map((s) => unlink(s.temp).catch(() => undefined)));
    for (const folder of madeFolders.reverse()) await rmdir(folder).catch(() => undefined);
    throw error;
  }
  for (const { temp, target } of staged) await rename(temp, target);
  for (const change of changes)
    if ('delete' in change)
      await unlink(change.path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT')
          throw new FileTransactionError(change.path, `cannot be deleted (${error.code ?? error.message}): fix its folder's permissions`);
      });
}

/** Inside the root (its folder resolved), and not a link itself. */
async function checkTarget(realRoot: string, path: string): Promise<void> {
  const folder = await realpath(dirname(path)).catch(() => undefined);
  // A folder still to be made is checked by its nearest existing ancestor.
  const existing = folder ?? (await nearestExisting(dirname(path)));
  const rel = relative(realRoot, existing);
  if (rel.startsWith(`..${sep}`) || rel === '..' || rel.startsWith(sep)) {
    throw new FileTransactionError(path, `lies outside ${realRoot}: kuma-inject writes only inside the folder it read`);
  }
  const info = await lstat(path).catch(() => undefined);
  if (info?.isSymbolicLink() === true)
    throw new FileTransactionError(path, 'is a symbolic link: kuma-inject does not write through one; replace the link by the file');
  if (info !== undefined && !info.isFile()) throw new FileTransactionError(path, 'exists and is not a regular file: move it away');
}

async function nearestExisting(path: string): Promise<string> {
  const real = await realpath(path).catch(() => undefined);
  if (real !== undefined) return real;
  const parent = dirname(path);
  return parent === path ? path : nearestExisting(parent);
}

/** mkdir -p that returns the folders it made, outermost first, and never goes through a link. */
async function makeFolders(folder: string): Promise<string[]> {
  const info = await lstat(folder).catch(() => undefined);
  if (info !== undefined) {
    if (info.isSymbolicLink() || !info.isDirectory())
      throw new FileTransactionError(folder, 'is not a plain folder (a link or a file stands there): replace it by a folder');
    return [];
  }
  const made = await makeFolders(dirname(folder));
  await mkdir(folder);
  return [...made, folder];
}
