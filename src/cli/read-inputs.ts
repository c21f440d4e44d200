import { readFileSync, statSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Streams } from './streams.ts';
import { NotUtf8Error, utf8Text } from '../krm/utf8-text.ts';
import { displayPath } from './display-path.ts';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** The whole of stdin as UTF-8 text; throws NotUtf8Error (holding the bytes) when it is not UTF-8. */
export async function readStdin(streams: Streams): Promise<string> {
  return utf8Text('-', await readStdinBytes(streams));
}

/** The whole of stdin as bytes, in one read where the process allows it. */
export async function readStdinBytes(streams: Streams): Promise<Uint8Array> {
  if (streams.readStdinSync !== undefined) {
    try {
      return streams.readStdinSync();
    } catch (error) {
      // A non-blocking stdin (some parents set O_NONBLOCK on the pipe) must be read as a stream.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
  return readAll(streams.stdin);
}

/** Reads a whole stream as bytes. */
async function readAll(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * Every manifest file under `dir`, recursively, sorted by name at each level; hidden entries
 * skipped. `seen` holds the real paths of the folders on the way down, so a link cycle ends.
 */
export async function manifestFiles(dir: string, seen: ReadonlySet<string> = new Set()): Promise<string[]> {
  const real = await realpath(dir);
  if (seen.has(real)) return [];
  const below = new Set([...seen, real]);
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of names) {
    const path = join(dir, entry.name);
    // Symbolic links are followed, as kubectl -f DIR does; a dangling one is skipped.
    const target = entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : entry;
    if (target?.isDirectory() === true) files.push(...(await manifestFiles(path, below)));
    else if (target?.isFile() === true && MANIFEST_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) files.push(path);
  }
  return files;
}

/** Where one source starts in the joined stream (1-based line). */
export interface SourceStart {
  file: string;
  line: number;
}

/** Joins documents of several sources into one YAML stream, one `---` between sources. */
export function joinWithStarts(sources: readonly { file: string; text: string }[]): { text: string; starts: SourceStart[] } {
  let out = '';
  let lines = 0;
  const starts: SourceStart[] = [];
  const present = sources.filter(({ text }) => text.trim() !== '' && text !== '\uFEFF');
  for (const [i, source] of present.entries()) {
    const { file } = source;
    // A byte order mark belongs at the start of the stream only; the last file keeps its ending.
    const text = i > 0 && source.text.charCodeAt(0) === 0xfeff ? source.text.slice(1) : source.text;
    if (out !== '' && !text.startsWith('---')) {
      out += '---\n';
      lines++;
    }
    starts.push({ file, line: lines + 1 });
    const body = text.endsWith('\n') || i === present.length - 1 ? text : `${text}\n`;
    out += body;
    lines += body.split('\n').length - 1;
  }
  return { text: out, starts };
}

/**
 * Adds the file and its own line number to every `input line N` of a report, so a problem in
 * the joined stream points at the file to open.
 */
export function locateInFiles(report: string, starts: readonly SourceStart[]): string {
  if (starts.length === 0 || (starts.length === 1 && starts[0]?.file === '-')) return report;
  return report.replace(/input line (\d+)/g, (whole, n: string) => {
    const line = Number(n);
    const source = starts.filter((s) => s.line <= line).at(-1);
    return source === undefined ? whole : `${whole} (${source.file} line ${line - source.line + 1})`;
  });
}

/** The joined stream with where each file starts in it, or why the sources could not be read. */
export type InputsOutcome = { ok: true; text: string; files: string[]; starts: SourceStart[] } | { ok: false; message: string };

/**
 * Reads every `-f` source (FILE, DIR or `-` for stdin) into one YAML stream. `exclude` (absolute
 * paths) leaves out files that are not manifests of the bundle, such as the --config file.
 */
export async function readInputs(
  sources: readonly string[],
  cwd: string,
  stdin: Readable | (() => Promise<string>),
  exclude: readonly string[] = [],
): Promise<InputsOutcome> {
  const texts: { file: string; text: string }[] = [];
  const files: string[] = [];
  // Each source's bytes as read, for the one case that needs them: when one source is not UTF-8,
  // the joined raw bytes are what an error run gives back (stdin's are made again only then).
  const raw: { file: string; bytes: () => Uint8Array }[] = [];
  let notUtf8: NotUtf8Error | undefined;
  const decoded = (file: string, bytes: Uint8Array): string => {
    raw.push({ file, bytes: () => bytes });
    try {
      return utf8Text(file, bytes);
    } catch (error) {
      if (!(error instanceof NotUtf8Error)) throw error;
      notUtf8 ??= error;
      return '';
    }
  };
  let stdinRead = false;
  for (const source of sources) {
    if (source === '-') {
      if (stdinRead) return { ok: false, message: '-f - (stdin) given twice; stdin can be read once' };
      stdinRead = true;
      let text: string;
      if (typeof stdin === 'function') {
        try {
          const read = await stdin();
          raw.push({ file: '-', bytes: () => Buffer.from(read, 'utf8') });
          text = read;
        } catch (error) {
          if (!(error instanceof NotUtf8Error)) throw error;
          text = decoded('-', error.bytes);
        }
      } else text = decoded('-', await readAll(stdin));
      texts.push({ file: '-', text });
      files.push('-');
      continue;
    }
    const path = resolve(cwd, source);
    // One process reads its inputs and nothing else meanwhile: synchronous calls spare thousands
    // of files a thread-pool round trip each.
    let info;
    try {
      info = statSync(path);
    } catch {
      return { ok: false, message: `-f ${source}: no such file or directory (looked at ${path}); give a FILE, a DIR or - for stdin` };
    }
    const paths = info.isDirectory() ? await manifestFiles(path) : [path];
    if (info.isDirectory() && paths.length === 0) {
      return { ok: false, message: `-f ${source}: the directory holds no *.yaml, *.yml or *.json file` };
    }
    for (const file of paths) {
      if (exclude.includes(file)) continue;
      const name = displayPath(file, cwd);
      texts.push({ file: name, text: decoded(name, readFileSync(file)) });
      files.push(name);
    }
  }
  if (notUtf8 !== undefined) {
    // Latin-1 text is one character per byte: joined as text, the bytes come back unchanged.
    const asText = raw.map(({ file, bytes }) => {
      const read = bytes();
      return { file, text: Buffer.from(read.buffer, read.byteOffset, read.byteLength).toString('latin1') };
    });
    throw new NotUtf8Error(notUtf8.source, Buffer.from(joinWithStarts(asText).text, 'latin1'), notUtf8.problem);
  }
  const joined = joinWithStarts(texts);
  return { ok: true, text: joined.text, files, starts: joined.starts };
}
