import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

const PREVIEW_OF = /^\s*kuma-inject\.dev\/preview-of:\s*["']?([A-Za-z0-9]+)\/([a-z0-9.-]+)\/([a-z0-9.-]+)["']?\s*$/m;

/**
 * The file a workload's preview goes to inside a `--previews DIR`: `<namespace>/<kind>-<name>.yaml`,
 * the same layout kpt renders under previewsDir, named after the workload (the Dataplane's own
 * name holds runtime placeholders such as `<random>` that make poor file names).
 */
export function previewPath(text: string, fallbackName: string): string {
  const owner = PREVIEW_OF.exec(text);
  if (owner !== null) return join(owner[2] ?? '', `${(owner[1] ?? '').toLowerCase()}-${owner[3] ?? ''}.yaml`);
  return fallbackName.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Writes each preview into `dir` (created as needed); resolves to how many files were written. */
export async function writePreviews(dir: string, previews: readonly { name: string; text: string }[]): Promise<number> {
  const byPath = new Map<string, string>();
  for (const preview of previews) {
    const path = resolve(dir, previewPath(preview.text, preview.name));
    const previous = byPath.get(path);
    byPath.set(path, previous === undefined ? preview.text : `${previous}---\n${preview.text}`);
  }
  for (const [path, text] of byPath) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
  return byPath.size;
}
