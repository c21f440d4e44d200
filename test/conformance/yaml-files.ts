/**
 * YAML files the tests read again and again (the upstream goldens; the control-plane installs hold
 * every CRD), parsed once: test files share processes (scripts/test.mjs), so a golden read by
 * several files, or by every test of one, was parsed each time; and the six processes of a run
 * each parsed the same goldens again, in all about 7 s of CPU per `npm test`. A parse is kept in
 * memory for the process and, serialised, in node_modules/.cache under the digest of the file's
 * bytes, the options and the `yaml` version, so any change to a file is parsed afresh. Every call
 * returns its own copy, so a test may change what it gets.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { parse, parseAllDocuments } from 'yaml';

const CACHE = fileURLToPath(new URL('../../node_modules/.cache/kuma-inject-parsed-yaml/', import.meta.url));
const YAML_VERSION = (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version;

const parsed = new Map<string, unknown>();

function once<T>(path: string, how: string, read: (text: string) => T): T {
  const key = `${how}\u0000${path}`;
  if (!parsed.has(key)) parsed.set(key, storedParse(readFileSync(path), how, read));
  return structuredClone(parsed.get(key)) as T;
}

/**
 * The parse of `bytes` by `read` (`how` names the parse and its options), from the cache when a
 * run before this one made it.
 */
export function storedParse<T>(bytes: Buffer, how: string, read: (text: string) => T): T {
  const digest = createHash('sha256').update(`yaml ${YAML_VERSION}\u0000${how}\u0000`).update(bytes).digest('hex');
  const file = join(CACHE, `${digest}.v8`);
  try {
    return deserialize(readFileSync(file)) as T;
  } catch {
    // Not parsed yet (or a cache from elsewhere that does not read back): parse it.
  }
  const value = read(bytes.toString('utf8'));
  try {
    mkdirSync(CACHE, { recursive: true });
    // Another process may parse the same file at the same time: each writes its own file and
    // renames it into place, so a reader never sees half of one.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, serialize(value));
    renameSync(partial, file);
  } catch {
    // A cache that cannot be written costs a parse next time, nothing else.
  }
  return value;
}

const pathOf = (file: string | URL): string => (typeof file === 'string' ? file : fileURLToPath(file));

/** The file's one document, as `parse` reads it. */
export function yamlFile<T = unknown>(file: string | URL): T {
  return once(pathOf(file), 'one', (text) => parse(text) as T);
}

/**
 * Every document of the file as a plain value (`null` for an empty one), as `parseAllDocuments`
 * and `toJS` read them; `uniqueKeys: false` keeps the last of duplicate keys, as sigs.k8s.io/yaml.
 */
export function yamlFileDocuments(file: string | URL, options: { uniqueKeys?: boolean } = {}): unknown[] {
  const uniqueKeys = options.uniqueKeys ?? true;
  return once(pathOf(file), `all uniqueKeys=${uniqueKeys}`, (text) =>
    parseAllDocuments(text, { uniqueKeys }).map((d) => d.toJS() as unknown),
  );
}
