import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

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
