/**
 * kuma-cp config loading conformance (../shared/conformance/kuma-2.14/cp-config/cases/
 * config-loading.cases.yaml): kuma's own Go table tests of the loader, the runtime.kubernetes and
 * bootstrap sections and the defaults file, transcribed into data. Every case runs through
 * loadCpConfig (start → file → env → PostProcess → Validate) and every assertion is checked; the
 * `check` cases compare our release data with the staged upstream goldens.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadCpConfig, type LoadRequest } from '../../src/core/cp-config/load.ts';
import { keysUnder, nestedValues, plainValue, startValues, zeroValue } from '../../src/core/cp-config/config-values.ts';
import type { CpConfigRelease } from '../../src/core/cp-config/key-table.ts';
import { versionProfile } from '../../src/config/releases.ts';
import { readYamlNode } from '../../src/krm/yaml-node-reader.ts';
import { CONFORMANCE } from './conformance-dir.ts';

const CASES = fileURLToPath(new URL('kuma-2.14/cp-config/cases/', CONFORMANCE));

interface Assertion {
  path: string;
  env: string | null;
  equals?: unknown;
  length?: number;
  contains?: unknown[];
}
interface LoadingCase {
  id: string;
  root: string;
  start?: 'defaults' | 'zero';
  profile?: string;
  configFile?: string | null;
  configFileInline?: string;
  env?: Record<string, string> | string;
  strict?: boolean;
  expect?: 'ok' | 'error';
  expectedError?: string;
  assertions?: Assertion[];
  check?: string;
  golden?: string;
}

/** `runtime.kubernetes (KubernetesRuntimeConfig loaded as ...)` → `runtime.kubernetes`; `kuma-cp Config` → ''. */
function rootOf(c: LoadingCase): string {
  const first = c.root.split(' ')[0] as string;
  return first === 'kuma-cp' ? '' : first;
}

function releaseOf(c: LoadingCase): CpConfigRelease {
  return versionProfile(c.profile ?? '2.14').cpConfig;
}

function fileOf(c: LoadingCase): LoadRequest['file'] {
  let text: string;
  let path: string;
  if (c.configFileInline !== undefined) {
    text = c.configFileInline;
    path = 'inline.yaml';
  } else if (typeof c.configFile === 'string') {
    text = readFileSync(CASES + c.configFile, 'utf8');
    // The path upstream hands to LoadFile: its test data folder.
    path = `testdata/${basename(c.configFile)}`;
  } else return undefined;
  const read = readYamlNode(text);
  return read.ok ? { path, node: read.node } : { path, syntaxError: read.error };
}

function load(c: LoadingCase) {
  const env =
    typeof c.env === 'object' && c.env !== null
      ? new Map(Object.entries(c.env).map(([k, v]) => [k, String(v)]))
      : new Map<string, string>();
  const file = fileOf(c);
  return loadCpConfig({
    release: releaseOf(c),
    start: c.start ?? 'defaults',
    root: rootOf(c),
    env,
    strict: c.strict === true,
    ...(file === undefined ? {} : { file }),
  });
}

/**
 * A Go struct serialised to YAML leaves out `omitempty` fields holding zero values: every leaf of
 * the golden must equal ours, and every leaf of ours the golden lacks must be Go's zero value.
 */
function compareWithGolden(
  ours: Record<string, unknown>,
  golden: Record<string, unknown>,
  release: CpConfigRelease,
  root: string,
): string[] {
  const problems: string[] = [];
  const byPath = new Map(keysUnder(release, root).map((k) => [root === '' ? k.path : k.path.slice(root.length + 1), k]));
  const flat = (node: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> => {
    if (node !== null && typeof node === 'object' && !Array.isArray(node) && !byPath.has(prefix)) {
      for (const [k, v] of Object.entries(node)) flat(v, prefix === '' ? k : `${prefix}.${k}`, out);
    } else out.set(prefix, node);
    return out;
  };
  const mine = flat(ours, '', new Map());
  const theirs = flat(golden, '', new Map());
  for (const [path, value] of theirs) {
    if (!mine.has(path)) problems.push(`${path}: in the golden, not a key of the release`);
    else if (JSON.stringify(normal(mine.get(path))) !== JSON.stringify(normal(value)))
      problems.push(`${path}: ours ${JSON.stringify(mine.get(path))}, golden ${JSON.stringify(value)}`);
  }
  for (const [path, value] of mine) {
    if (theirs.has(path)) continue;
    const key = byPath.get(path);
    if (key === undefined || JSON.stringify(value) !== JSON.stringify(plainValue(zeroValue(key.type))))
      problems.push(`${path}: ours ${JSON.stringify(value)}, absent from the golden (only zero values may be)`);
  }
  return problems;
}

/** Maps compare without key order. */
function normal(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function runCheck(c: LoadingCase): string[] {
  const release = releaseOf(c);
  const root = rootOf(c);
  if (c.golden !== undefined && c.start === undefined) {
    // "the release's defaults serialise to the golden"
    const golden = parse(readFileSync(CASES + c.golden, 'utf8')) as Record<string, unknown>;
    const defaults = nestedValues(startValues(keysUnder(release, root), 'defaults'), root);
    if (c.id === 'defaults.v2.13.10.yaml') {
      // The 2.13.10 defaults file, loaded strictly into zero values, must give the 2.13 profile's defaults.
      const file = readYamlNode(readFileSync(CASES + c.golden, 'utf8'));
      assert.ok(file.ok);
      const loaded = loadCpConfig({
        release,
        start: 'zero',
        root,
        env: new Map(),
        strict: true,
        file: { path: c.golden, node: file.node },
      });
      if (!loaded.ok) return [loaded.failure.message];
      return compareWithGolden(defaults, nestedValues(loaded.values, root), release, root);
    }
    return compareWithGolden(defaults, golden, release, root);
  }
  const loaded = load(c);
  if (!loaded.ok) return [loaded.failure.message];
  if (c.id === 'defaults.yaml-equals-go-defaults') {
    const defaults = nestedValues(startValues(keysUnder(release, root), 'defaults'), root);
    return compareWithGolden(defaults, nestedValues(loaded.values, root), release, root);
  }
  return [];
}

test('kuma-2.14 cp-config loading: upstream config-loading tables', () => {
  const doc = parse(readFileSync(CASES + 'config-loading.cases.yaml', 'utf8')) as {
    counts: { cases: number; assertions: number };
    cases: LoadingCase[];
  };
  assert.ok(doc.cases.length > 0, 'no config-loading case found');
  let tables = 0;
  let assertions = 0;
  let passedAssertions = 0;
  const failures: string[] = [];
  for (const c of doc.cases) {
    const before = failures.length;
    if (c.check !== undefined && c.assertions === undefined) {
      failures.push(...runCheck(c).map((p) => `${c.id}: ${p}`));
    } else {
      const loaded = load(c);
      if (c.expect === 'error') {
        if (loaded.ok) failures.push(`${c.id}: loaded, expected the error ${c.expectedError}`);
        else if (loaded.failure.message !== c.expectedError)
          failures.push(`${c.id}: error\n  ours:     ${loaded.failure.message}\n  upstream: ${c.expectedError}`);
      } else if (!loaded.ok) {
        failures.push(`${c.id}: ${loaded.failure.message}`);
        assertions += c.assertions?.length ?? 0;
      } else {
        for (const a of c.assertions ?? []) {
          assertions++;
          const has = loaded.values.has(a.path);
          const value = has ? plainValue(loaded.values.get(a.path) as never) : undefined;
          let ok = has;
          if (ok && 'equals' in a) ok = JSON.stringify(normal(value)) === JSON.stringify(normal(a.equals));
          if (ok && a.length !== undefined) ok = Array.isArray(value) && value.length === a.length;
          if (ok && a.contains !== undefined) ok = Array.isArray(value) && a.contains.every((x) => (value as unknown[]).includes(x));
          if (ok) passedAssertions++;
          else
            failures.push(
              `${c.id}: ${a.path}: got ${JSON.stringify(value)}, expected ${JSON.stringify(a.equals ?? a.contains ?? a.length)}`,
            );
        }
        if (c.check !== undefined) failures.push(...runCheck(c).map((p) => `${c.id}: ${p}`));
      }
    }
    if (failures.length === before) tables++;
  }
  console.log(`kuma-2.14 cp-config loading: ${tables}/${doc.cases.length} tables, ${passedAssertions}/${assertions} assertions`);
  assert.equal(doc.cases.length, doc.counts.cases, 'case count differs from the file header');
  assert.equal(assertions, doc.counts.assertions, 'assertion count differs from the file header');
  assert.deepEqual(failures, []);
});
