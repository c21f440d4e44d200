/**
 * kuma-cp parsing rules, DERIVED cases (../shared/conformance/kuma-2.14/cp-config/cases/
 * parsing-rules.derived.cases.yaml): written from the libraries kuma-cp uses (envconfig,
 * sigs.k8s.io/yaml over go-yaml v2, encoding/json, kuma's Duration and Validate), not upstream test
 * data. Each case: the 2.14.3 defaults, the config file, the chart's base env plus the case's env,
 * then PostProcess and Validate; `expect` values or an `expectError` substring.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadCpConfig } from '../../src/core/cp-config/load.ts';
import { plainValue } from '../../src/core/cp-config/config-values.ts';
import { versionProfile } from '../../src/config/releases.ts';
import { readYamlNode } from '../../src/krm/yaml-node-reader.ts';
import { CONFORMANCE } from './conformance-dir.ts';

const FILE = fileURLToPath(new URL('kuma-2.14/cp-config/cases/parsing-rules.derived.cases.yaml', CONFORMANCE));

interface RuleCase {
  id: string;
  env?: Record<string, string>;
  configFile?: string;
  expect?: Record<string, unknown>;
  expectError?: string;
}

function normal(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))));
}

test('kuma-2.14 cp-config parsing rules (derived cases)', () => {
  const doc = parse(readFileSync(FILE, 'utf8')) as { base: { env: Record<string, string> }; cases: RuleCase[] };
  assert.ok(doc.cases.length > 0, 'no parsing-rule case found');
  const failures: string[] = [];
  let pass = 0;
  for (const c of doc.cases) {
    const env = new Map(Object.entries({ ...doc.base.env, ...c.env }).map(([k, v]) => [k, String(v)]));
    let file;
    if (c.configFile !== undefined) {
      const read = readYamlNode(c.configFile);
      file = read.ok
        ? { path: '/etc/kuma.io/kuma-control-plane/config.yaml', node: read.node }
        : { path: '/etc/kuma.io/kuma-control-plane/config.yaml', syntaxError: read.error };
    }
    const loaded = loadCpConfig({
      release: versionProfile('2.14').cpConfig,
      start: 'defaults',
      env,
      ...(file === undefined ? {} : { file }),
    });
    const before = failures.length;
    if (c.expectError !== undefined) {
      if (loaded.ok) failures.push(`${c.id}: loaded, expected an error containing ${c.expectError}`);
      else if (!loaded.failure.message.includes(c.expectError))
        failures.push(`${c.id}: error ${loaded.failure.message} does not contain ${c.expectError}`);
    } else if (!loaded.ok) {
      failures.push(`${c.id}: ${loaded.failure.message}`);
    } else {
      for (const [path, want] of Object.entries(c.expect ?? {})) {
        const got = loaded.values.has(path) ? plainValue(loaded.values.get(path) as never) : undefined;
        if (normal(got) !== normal(want)) failures.push(`${c.id}: ${path}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      }
    }
    if (failures.length === before) pass++;
  }
  console.log(`kuma-2.14 cp-config parsing rules (derived): ${pass}/${doc.cases.length}`);
  assert.deepEqual(failures, []);
});
