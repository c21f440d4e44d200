import { stat, mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * Why `--previews DIR` cannot hold preview files (DIR, or the first of its parents that exists,
 * is not a folder), or undefined when DIR exists as a folder or can be created.
 */
export async function previewsDirProblem(dir: string, cwd: string): Promise<string | undefined> {
  const target = resolve(cwd, dir);
  for (let path = target; ; path = dirname(path)) {
    const info = await stat(path).catch(() => undefined);
    if (info !== undefined) {
      if (info.isDirectory()) return undefined;
      const what = path === target ? `${target} is a file` : `${path}, on the way to ${target}, is a file`;
      return `--previews ${dir}: ${what}, not a folder; give a folder for the preview files (created when missing), or inline, or off`;
    }
    if (dirname(path) === path) return undefined;
  }
}

/**
 * Writes each preview into `dir` at its own relative path (created as needed); resolves to how
 * many files were written.
 */
export async function writePreviews(dir: string, previews: readonly { path: string; text: string }[]): Promise<number> {
  const byPath = new Map<string, string>();
  for (const preview of previews) {
    const path = resolve(dir, preview.path);
    const previous = byPath.get(path);
    byPath.set(path, previous === undefined ? preview.text : `${previous}---\n${preview.text}`);
  }
  for (const [path, text] of byPath) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
  return byPath.size;
}
