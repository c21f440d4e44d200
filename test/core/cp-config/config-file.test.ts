/**
 * kuma-cp's config file, beyond the derived parsing-rule cases: what Go's encoding/json does with
 * kuma's types.Duration (pkg/config/types/duration.go: UnmarshalJSON takes a number or a string,
 * anything else, null included, is "invalid duration"), strict parsing of the defaults file, the
 * file's first document only, and errors that name the path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCpConfig } from '../../../src/core/cp-config/load.ts';
import { plainValue } from '../../../src/core/cp-config/config-values.ts';
import { versionProfile } from '../../../src/config/releases.ts';
import { readYamlNode } from '../../../src/krm/yaml-node-reader.ts';

const release = versionProfile('2.14').cpConfig;

function load(text: string, options: { strict?: boolean } = {}) {
  const read = readYamlNode(text);
  assert.ok(read.ok);
  return loadCpConfig({
    release,
    start: 'defaults',
    env: new Map(),
    file: { path: 'config.yaml', node: read.ok ? read.node : null },
    ...(options.strict === undefined ? {} : { strict: options.strict }),
  });
}

test('a duration set to null (or left empty) stops kuma-cp: types.Duration has its own UnmarshalJSON', () => {
  for (const text of [
    'runtime: {kubernetes: {injector: {sidecarContainer: {drainTime: null}}}}',
    'runtime:\n  kubernetes:\n    injector:\n      sidecarContainer:\n        drainTime:\n',
  ]) {
    const out = load(text);
    assert.equal(out.ok, false, text);
    if (!out.ok) {
      assert.match(out.failure.message, /invalid duration/);
      assert.equal(out.failure.path, 'runtime.kubernetes.injector.sidecarContainer.drainTime');
    }
  }
  for (const [text, want] of [
    ['1.5', '1ns'],
    ['true', undefined],
    ['[1s]', undefined],
    ['"1h2m"', '1h2m0s'],
    ['-5s', '-5s'],
  ] as const) {
    const out = load(`runtime: {kubernetes: {marshalingCacheExpirationTime: ${text}}}`);
    if (want === undefined) assert.equal(out.ok, false, text);
    else if (out.ok) assert.equal(plainValue(out.values.get('runtime.kubernetes.marshalingCacheExpirationTime') as bigint), want, text);
  }
});

test('strict parsing refuses unknown and duplicate keys; the default (non-strict) ignores unknown ones and keeps the last duplicate', () => {
  assert.equal(load('mode: zone\nmdoe: global\n').ok, true);
  const strict = load('mode: zone\nmdoe: global\n', { strict: true });
  assert.equal(strict.ok, false);
  if (!strict.ok) assert.match(strict.failure.message, /unknown field "mdoe"/);
  const duplicate = load('mode: zone\nmode: global\n', { strict: true });
  assert.equal(duplicate.ok, false);
  const lastWins = load('multizone: {zone: {name: a}}\nmultizone: {zone: {name: b}}\n');
  if (lastWins.ok) assert.equal(lastWins.values.get('multizone.zone.name'), 'b');
});

test('only the first YAML document is read; a scalar or list document is an error naming the config type', () => {
  const two = load('multizone: {zone: {name: first}}\n---\nmultizone: {zone: {name: second}}\n');
  assert.ok(two.ok);
  if (two.ok) assert.equal(two.values.get('multizone.zone.name'), 'first');
  for (const text of ['just a string', '- a\n- b\n']) {
    const out = load(text);
    assert.equal(out.ok, false);
    if (!out.ok) assert.match(out.failure.message, /cannot unmarshal (string|array) into Go value of type kuma_cp\.Config/);
  }
});

test('integers: ranges per Go type, fractions refused, a whole float accepted, YAML 1.1 octal and hex read', () => {
  const cases: readonly [string, string, unknown][] = [
    ['runtime.kubernetes.injector.sidecarContainer.uid', '017', 15],
    ['runtime.kubernetes.injector.sidecarContainer.uid', '0x1F', 31],
    ['runtime.kubernetes.injector.sidecarContainer.uid', '1.0', 1],
    ['runtime.kubernetes.injector.sidecarContainer.uid', '-1', -1],
    ['runtime.kubernetes.injector.builtinDNS.port', '4294967296', 'error'],
    ['runtime.kubernetes.injector.builtinDNS.port', '-1', 'error'],
    ['runtime.kubernetes.injector.sidecarContainer.readinessProbe.periodSeconds', '2147483648', 'error'],
  ];
  for (const [path, text, want] of cases) {
    const nested = path
      .split('.')
      .reverse()
      .reduce((inner, key) => `{${key}: ${inner}}`, text)
      .slice(1, -1);
    const out = load(nested);
    if (want === 'error') assert.equal(out.ok, false, `${path}: ${text}`);
    else {
      assert.ok(out.ok, `${path}: ${text}: ${out.ok ? '' : out.failure.message}`);
      if (out.ok) assert.equal(out.values.get(path), want, `${path}: ${text}`);
    }
  }
});
