/**
 * The kuma-cp key tables the product carries (src/config/kuma-cp-keys.ts, read through the release
 * records) equal the conformance data's transcription of kumahq/kuma's config structs
 * (cp-config/cases/config-keys.yaml: path, env var, Go type, default, 2.13.10 delta). The defaults
 * themselves are checked against the upstream kuma-cp.defaults.yaml files by the config-loading
 * conformance cases; the product never reads ../shared at run time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { versionProfile } from '../../src/config/releases.ts';
import { CONFORMANCE } from '../conformance/conformance-dir.ts';

const FILE = fileURLToPath(new URL('kuma-2.14/cp-config/cases/config-keys.yaml', CONFORMANCE));

interface Row {
  path: string;
  env: string | null;
  type: string;
  default: unknown;
  v2_13_10?: 'absent' | { default: unknown };
  injectorTable?: boolean;
}

const doc = parse(readFileSync(FILE, 'utf8')) as {
  counts: { keys: number; envNames: number; injectorTable: number; absentIn2_13_10: number };
  keys: Row[];
};

test('the 2.14 key table equals config-keys.yaml row for row (struct order, env, type, default)', () => {
  assert.ok(doc.keys.length > 0);
  const ours = versionProfile('2.14').cpConfig.keys.map((k) => ({ path: k.path, env: k.env, type: k.type, default: k.default }));
  const theirs = doc.keys.map((k) => ({ path: k.path, env: k.env, type: k.type, default: k.default }));
  assert.deepEqual(ours, theirs);
  assert.equal(ours.length, doc.counts.keys);
  assert.equal(ours.filter((k) => k.env !== null).length, doc.counts.envNames);
});

test('the 2.13 key table is 2.14 without the added keys and with 2.13.10 defaults', () => {
  const expected = doc.keys
    .filter((k) => k.v2_13_10 !== 'absent')
    .map((k) => ({
      path: k.path,
      env: k.env,
      type: k.type,
      default: typeof k.v2_13_10 === 'object' ? k.v2_13_10.default : k.default,
    }));
  const ours = versionProfile('2.13').cpConfig.keys.map((k) => ({ path: k.path, env: k.env, type: k.type, default: k.default }));
  assert.deepEqual(ours, expected);
  assert.equal(doc.keys.length - ours.length, doc.counts.absentIn2_13_10);
  // The injector-relevant differences are the spec's 14 keys.
  const injectorDelta = doc.keys.filter((k) => k.injectorTable === true && k.v2_13_10 !== undefined);
  assert.equal(injectorDelta.length, 14);
});

test('the keys the 2.14 chart sets by env on every install are exactly those of the values-free render (install-cp-helm/empty)', () => {
  const golden = readFileSync(fileURLToPath(new URL('kuma-2.14/cp-config/install/install-cp-helm/empty.golden.yaml', CONFORMANCE)), 'utf8');
  const docs = parseAllDocuments(golden).map((d) => d.toJS() as Record<string, any> | null);
  const deployment = docs.find((d) => d?.['kind'] === 'Deployment' && String(d['metadata']?.name).endsWith('-control-plane'));
  assert.ok(deployment !== undefined && deployment !== null);
  const env = (deployment['spec'].template.spec.containers[0].env as { name: string; value?: string }[]).filter(
    (e) => e.value !== undefined,
  );
  const byEnv = new Map(versionProfile('2.14').cpConfig.keys.map((k) => [k.env, k.path]));
  const paths = env.map((e) => byEnv.get(e.name)).filter((p): p is string => p !== undefined);
  assert.equal(paths.length, env.length, 'every literal env of the chart is a known key');
  assert.deepEqual([...new Set(versionProfile('2.14').cpConfig.chartEnv)].sort(), [...new Set(paths)].sort());
});
