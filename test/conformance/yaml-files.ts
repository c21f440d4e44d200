/**
 * YAML files the tests read again and again (the upstream goldens; the control-plane installs hold
 * every CRD), parsed once per test process: test files share processes (scripts/test.mjs), so a
 * golden read by several files, or by every test of one, was parsed each time. Every call returns
 * its own copy, so a test may change what it gets.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

const parsed = new Map<string, unknown>();

function once<T>(key: string, read: () => T): T {
  if (!parsed.has(key)) parsed.set(key, read());
  return structuredClone(parsed.get(key)) as T;
}

const pathOf = (file: string | URL): string => (typeof file === 'string' ? file : fileURLToPath(file));

/** The file's one document, as `parse` reads it. */
export function yamlFile<T = unknown>(file: string | URL): T {
  const path = pathOf(file);
  return once(`one\u0000${path}`, () => parse(readFileSync(path, 'utf8')) as T);
}

/**
 * Every document of the file as a plain value (`null` for an empty one), as `parseAllDocuments`
 * and `toJS` read them; `uniqueKeys: false` keeps the last of duplicate keys, as sigs.k8s.io/yaml.
 */
export function yamlFileDocuments(file: string | URL, options: { uniqueKeys?: boolean } = {}): unknown[] {
  const path = pathOf(file);
  const uniqueKeys = options.uniqueKeys ?? true;
  return once(`all\u0000${uniqueKeys}\u0000${path}`, () =>
    parseAllDocuments(readFileSync(path, 'utf8'), { uniqueKeys }).map((d) => d.toJS() as unknown),
  );
}
