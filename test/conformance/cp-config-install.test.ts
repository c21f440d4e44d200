/**
 * The three worked examples (../shared/conformance/kuma-2.14/cp-config/install/
 * *.settings.derived.yaml, DERIVED BY HAND from the spec, not upstream data): the upstream kumactl
 * install golden beside each is read as a rendered bundle, kuma-cp's config computed from its
 * Deployment, ConfigMap and mounts, and `effective` (83 keys), `sources` and `derived` compared
 * for deep equality (prose fields of `derived`, `reason` and `rule`, are not data and not compared).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { KubeObject } from '../../src/core/types.ts';
import { controlPlaneInstall } from '../../src/config/control-plane-install.ts';
import { versionProfile } from '../../src/config/releases.ts';
import { readYamlNode } from '../../src/krm/yaml-node-reader.ts';
import type { KeySource } from '../../src/core/cp-config/install.ts';
import { CONFORMANCE } from './conformance-dir.ts';
import { yamlFileDocuments } from './yaml-files.ts';

const DIR = fileURLToPath(new URL('kuma-2.14/cp-config/install/', CONFORMANCE));

export function bundleOf(file: string): KubeObject[] {
  return yamlFileDocuments(file).filter((d): d is KubeObject => d !== null && typeof d === 'object');
}

function sourceText(source: KeySource): string {
  return source.kind === 'default' ? 'default' : source.kind === 'env' ? `env:${source.name}` : `file:${source.key}`;
}

function withoutProse(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== 'reason' && k !== 'rule')
      .map(([k, v]) => [k, withoutProse(v)]),
  );
}

test('kuma-2.14 cp-config worked examples (derived): effective, sources and derived settings of three install goldens', () => {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.settings.derived.yaml'))
    .sort();
  assert.ok(files.length > 0, 'no worked example found');
  let pass = 0;
  for (const file of files) {
    const expected = parse(readFileSync(DIR + file, 'utf8')) as {
      input: { bundle: string };
      effective: Record<string, unknown>;
      sources: Record<string, string>;
      derived: Record<string, unknown>;
    };
    const bundle = bundleOf(DIR + expected.input.bundle);
    const choice = controlPlaneInstall(bundle, [], undefined, '', versionProfile('2.14').cpConfig, readYamlNode);
    assert.equal(choice.kind, 'chosen', `${file}: ${JSON.stringify(choice.results)}`);
    if (choice.kind !== 'chosen' || !choice.outcome.ok) continue;
    const { effective, sources, derived } = choice.outcome;
    const paths = Object.keys(expected.effective);
    assert.equal(paths.length, 83, `${file}: the spec table has 83 keys`);
    assert.deepEqual(Object.fromEntries(paths.map((p) => [p, effective[p]])), expected.effective, `${file}: effective`);
    assert.deepEqual(
      Object.fromEntries(
        Object.keys(expected.sources).map((p) => [p, sources[p] === undefined ? undefined : sourceText(sources[p] as KeySource)]),
      ),
      expected.sources,
      `${file}: sources`,
    );
    assert.deepEqual(withoutProse(derived), withoutProse(expected.derived), `${file}: derived`);
    pass++;
  }
  console.log(`kuma-2.14 cp-config worked examples (derived): ${pass}/${files.length}`);
  assert.equal(pass, files.length);
});
