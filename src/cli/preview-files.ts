import { stat, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { writeFilesSafely } from './safe-write.ts';

/**
 * Why `--previews DIR` cannot hold preview files (DIR, or the first of its parents that exists,
 * is not a folder), or undefined when DIR exists as a folder or can be created.
 */
export async function previewsDirProblem(dir: string, cwd: string): Promise<string | undefined> {
  const target = resolve(cwd, dir);
  for (let path = target; ; path = dirname(path)) {
    const info = await stat(path).catch(() => undefined);
    if (info !== undefined) {
      // An existing folder is used whatever its name; a missing one named like a file is a mistake.
      if (info.isDirectory()) return path === target ? undefined : previewsFileNameProblem(dir);
      const what = path === target ? `${target} is a file` : `${path}, on the way to ${target}, is a file`;
      return `--previews ${dir}: ${what}, not a folder; give a folder for the preview files (created when missing), or inline, or off`;
    }
    if (dirname(path) === path) return previewsFileNameProblem(dir);
  }
}

/**
 * `--previews` names a folder that gets one file per workload; a manifest file name there (the
 * natural guess for "write the previews to a file") would leave a folder called `foo.yaml`
 * behind. A trailing slash says a folder is meant.
 */
export function previewsFileNameProblem(dir: string): string | undefined {
  if (!/\.(ya?ml|json)$/i.test(dir)) return undefined;
  return (
    `--previews ${dir}: expected a folder (one preview file per workload is written into it), and ${dir} looks like a file name. ` +
    `Give a folder (--previews previews/), or put the previews in the stream with --previews inline; write ${dir}/ with a trailing slash if a folder of that name is really meant`
  );
}

/**
 * Writes each preview into `dir` at its own relative path (created as needed); resolves to how
 * many files were written. The paths come from the objects' namespace and name: each must stay
 * inside `dir`, and no symlink inside `dir` is written through; every path is checked before the
 * first file is written (see safe-write.ts), and each file is replaced whole.
 */
export async function writePreviews(dir: string, previews: readonly { path: string; text: string }[]): Promise<number> {
  const byPath = new Map<string, string>();
  for (const preview of previews) {
    const previous = byPath.get(preview.path);
    byPath.set(preview.path, previous === undefined ? preview.text : `${previous}---\n${preview.text}`);
  }
  // DIR itself is the user's choice (it may be a link to where they want the files).
  await mkdir(dir, { recursive: true });
  return writeFilesSafely(
    dir,
    [...byPath].map(([path, data]) => ({ path, data })),
  );
}
