import { readdir, readFile, stat } from 'node:fs/promises';
import { resolve, join, relative } from 'node:path';
import type { Readable } from 'node:stream';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Reads a whole stream as UTF-8 text. */
export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Every manifest file under `dir`, recursively, sorted by name at each level; hidden entries skipped. */
export async function manifestFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of names) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await manifestFiles(path)));
    else if (entry.isFile() && MANIFEST_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) files.push(path);
  }
  return files;
}

/** Joins documents of several sources into one YAML stream, one `---` between sources. */
export function joinStreams(texts: readonly string[]): string {
  let out = '';
  for (const text of texts) {
    if (text.trim() === '') continue;
    if (out !== '' && !text.startsWith('---')) out += '---\n';
    out += text.endsWith('\n') ? text : `${text}\n`;
  }
  return out;
}

export type InputsOutcome = { ok: true; text: string; files: string[] } | { ok: false; message: string };

/**
 * Reads every `-f` source (FILE, DIR or `-` for stdin) into one YAML stream. `exclude` (absolute
 * paths) leaves out files that are not manifests of the bundle, such as the --config file.
 */
export async function readInputs(
  sources: readonly string[],
  cwd: string,
  stdin: Readable,
  exclude: readonly string[] = [],
): Promise<InputsOutcome> {
  const texts: string[] = [];
  const files: string[] = [];
  let stdinRead = false;
  for (const source of sources) {
    if (source === '-') {
      if (stdinRead) return { ok: false, message: '-f - (stdin) given twice; stdin can be read once' };
      stdinRead = true;
      texts.push(await readAll(stdin));
      files.push('-');
      continue;
    }
    const path = resolve(cwd, source);
    let info;
    try {
      info = await stat(path);
    } catch {
      return { ok: false, message: `-f ${source}: no such file or directory (looked at ${path}); give a FILE, a DIR or - for stdin` };
    }
    const paths = info.isDirectory() ? await manifestFiles(path) : [path];
    if (info.isDirectory() && paths.length === 0) {
      return { ok: false, message: `-f ${source}: the directory holds no *.yaml, *.yml or *.json file` };
    }
    for (const file of paths) {
      if (exclude.includes(file)) continue;
      texts.push(await readFile(file, 'utf8'));
      files.push(relative(cwd, file) || file);
    }
  }
  return { ok: true, text: joinStreams(texts), files };
}
