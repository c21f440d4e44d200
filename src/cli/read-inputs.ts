import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { resolve, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Streams } from './streams.ts';
import { NotUtf8Error, utf8Text } from '../krm/utf8-text.ts';
import { displayPath } from './display-path.ts';
import { isInside } from './confined-path.ts';

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

/** The manifest files of a folder, or the first link in it that leads outside the folder allowed. */
export type ManifestWalk = { ok: true; files: string[] } | { ok: false; linkOutside: string };

/**
 * Every manifest file under `dir`, recursively, sorted by name at each level; hidden entries
 * skipped. Symbolic links are followed, as kubectl -f DIR does, but only while they stay inside
 * `root` (the folder itself unless its caller allows a wider one): a folder may come from a
 * repository, and a link out of it would have kuma-inject read, and quote in its errors, any file
 * of the machine. Each real folder is walked once, so links in a cycle, or many links to the same
 * folders, cost one walk. A dangling link is skipped. Synchronous, as the reads that follow: a
 * run reads its inputs and does nothing else meanwhile, and a folder may hold thousands of files.
 */
export function manifestFiles(dir: string, root: string = dir): ManifestWalk {
  const realRoot = realpathSync(root);
  const walked = new Set<string>();
  const files: string[] = [];
  const walk = (at: string): string | undefined => {
    const real = realpathSync(at);
    if (walked.has(real)) return undefined;
    walked.add(real);
    const entries = readdirSync(at, { withFileTypes: true });
    const names = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of names) {
      const path = join(at, entry.name);
      let info: { isDirectory(): boolean; isFile(): boolean } = entry;
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(path);
        } catch {
          continue;
        }
        if (!isInside(realRoot, target)) return path;
        info = statSync(target);
      }
      if (info.isDirectory()) {
        const outside = walk(path);
        if (outside !== undefined) return outside;
      } else if (info.isFile() && MANIFEST_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) files.push(path);
    }
    return undefined;
  };
  const outside = walk(dir);
  return outside === undefined ? { ok: true, files } : { ok: false, linkOutside: outside };
}

/** The files one source names: a file itself, or the manifests of a folder ({@link manifestFiles}). */
export function sourceFiles(path: string, info: { isDirectory(): boolean }): ManifestWalk {
  return info.isDirectory() ? manifestFiles(path) : { ok: true, files: [path] };
}

/** Why a folder's link is refused, for the option (`-f apps/shop`) that named the folder. */
export function linkOutsideMessage(option: string, link: string, cwd: string): string {
  return (
    `${option}: ${displayPath(link, cwd)} is a symbolic link that leads outside the folder; kuma-inject follows no link out of a ` +
    'folder it reads (a folder may come from a repository, and a link could name any file of the machine). ' +
    'Replace the link with the file it points at, or give that file or folder with its own option'
  );
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
    const walk = sourceFiles(path, info);
    if (!walk.ok) return { ok: false, message: linkOutsideMessage(`-f ${source}`, walk.linkOutside, cwd) };
    const paths = walk.files;
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
