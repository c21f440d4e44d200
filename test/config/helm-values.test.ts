import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helmValuesInstall, renderHelmValues, type HelmValuesFile } from '../../src/config/helm-values.ts';
import { versionProfile, VERSION_PROFILES } from '../../src/config/releases.ts';
import { readYamlNode } from '../../src/krm/yaml-node-reader.ts';
import type { Result } from '../../src/core/types.ts';

const P214 = versionProfile('2.14');
const file = (source: string, text: string): HelmValuesFile => ({ source, text });
const env = (r: ReturnType<typeof renderHelmValues>, name: string): string | undefined =>
  r.ok ? [...r.render.env].reverse().find((e) => e.name === name)?.value : undefined;
const codes = (results: Result[]): string[] => results.map((r) => String(r.tags?.['code']));

test('values files layer as helm -f does: later files win, maps merge', () => {
  const r = renderHelmValues(
    [
      file('base.yaml', 'dataPlane:\n  image:\n    tag: one\n  initImage:\n    tag: init-one\n'),
      file('prod.yaml', 'dataPlane:\n  image:\n    tag: two\n'),
    ],
    { profile: P214, readYaml: readYamlNode },
  );
  assert.ok(r.ok);
  assert.equal(env(r, 'KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_IMAGE'), 'docker.io/kumahq/kuma-dp:two');
  assert.equal(env(r, 'KUMA_INJECTOR_INIT_CONTAINER_IMAGE'), 'docker.io/kumahq/kuma-init:init-one');
});

test('the chart is told from the values: kuma: nesting (no top-level controlPlane) is kong-mesh, controlPlane at the top is kuma, neither is kuma', () => {
  const kong = renderHelmValues([file('km.yaml', 'kuma:\n  controlPlane:\n    mode: zone\n')], { profile: P214, readYaml: readYamlNode });
  assert.ok(kong.ok);
  assert.equal(kong.chart, 'kong-mesh');
  assert.equal(kong.render.namespace, 'kong-mesh-system');
  assert.equal(env(kong, 'KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_IMAGE'), 'docker.io/kong/kuma-dp:2.14.3');
  for (const text of ['controlPlane:\n  mode: zone\n', 'global:\n  image:\n    tag: 2.14.3\n', '']) {
    const r = renderHelmValues([file('v.yaml', text)], { profile: P214, readYaml: readYamlNode });
    assert.ok(r.ok && r.chart === 'kuma', text);
  }
  const mixed = renderHelmValues([file('a.yaml', 'kuma:\n  nameOverride: x\n'), file('b.yaml', 'controlPlane:\n  mode: zone\n')], {
    profile: P214,
    readYaml: readYamlNode,
  });
  assert.ok(!mixed.ok);
  assert.deepEqual(codes(mixed.results), ['KI0950']);
  assert.match(mixed.results[0]?.message ?? '', /a\.yaml.*b\.yaml.*helmChart/);
  // An explicit chart decides; kuma: nesting under the kuma chart is a warning, not silence.
  const forced = renderHelmValues([file('km.yaml', 'kuma:\n  nameOverride: x\n')], {
    profile: P214,
    readYaml: readYamlNode,
    chart: 'kuma',
  });
  assert.ok(forced.ok);
  assert.equal(forced.render.name, 'kuma');
  assert.deepEqual(codes(forced.results), ['KI0952']);
});

test('a file that is not a values mapping, or values the chart refuses, is an error naming the file and the values key; nothing is rendered', () => {
  for (const [text, pattern] of [
    ['- a\n', /bad\.yaml: the file holds a list/],
    ['a: [\n', /bad\.yaml: not valid YAML/],
    ['x: .nan\n', /bad\.yaml: json: unsupported value/],
  ] as const) {
    const r = renderHelmValues([file('bad.yaml', text)], { profile: P214, readYaml: readYamlNode });
    assert.ok(!r.ok, text);
    assert.deepEqual(codes(r.results), ['KI0950']);
    assert.match(r.results[0]?.message ?? '', pattern);
  }
  const refused = renderHelmValues([file('v.yaml', 'controlPlane:\n  mode: zone\n  zone: EU_1\n')], {
    profile: P214,
    readYaml: readYamlNode,
  });
  assert.ok(!refused.ok);
  assert.deepEqual(codes(refused.results), ['KI0951']);
  assert.match(refused.results[0]?.message ?? '', /values controlPlane\.zone.*lower case alphanumeric/);
  const kong = renderHelmValues([file('v.yaml', 'kuma:\n  controlPlane:\n    tls: null\n')], { profile: P214, readYaml: readYamlNode });
  assert.ok(!kong.ok);
  assert.match(kong.results[0]?.message ?? '', /values kuma\.controlPlane\.tls/);
  const flat = renderHelmValues([file('v.yaml', 'kuma: [1]\n')], { profile: P214, readYaml: readYamlNode, chart: 'kong-mesh' });
  assert.ok(!flat.ok);
  assert.match(flat.results[0]?.message ?? '', /\(values kuma\): kuma is a list/);
});

test('a version without a chart record cannot render values: an error that says what to give instead', () => {
  const preview = VERSION_PROFILES.find((p) => p.helmChart === undefined);
  assert.ok(preview !== undefined, 'every version has a chart: this test needs one without');
  const r = renderHelmValues([file('v.yaml', '')], { profile: preview, readYaml: readYamlNode });
  assert.ok(!r.ok);
  assert.deepEqual(codes(r.results), ['KI0950']);
  assert.match(r.results[0]?.message ?? '', /no Helm chart record.*helm template/);
});

test("helmValuesInstall: command-line files replace the settings' paths; settings paths are read through the host; unreadable paths are errors", () => {
  const reads: string[] = [];
  const read = (path: string) => {
    reads.push(path);
    return path === 'missing.yaml' ? { error: 'no such file' } : file(path, 'dataPlane:\n  image:\n    tag: from-settings\n');
  };
  const fromSettings = helmValuesInstall({ read }, { helmValues: ['cp/values.yaml'] }, P214, undefined, readYamlNode);
  assert.deepEqual(reads, ['cp/values.yaml']);
  assert.ok(fromSettings.install !== undefined);
  assert.equal(fromSettings.install.origin.kind, 'helm-values');
  assert.ok(fromSettings.install.env.some((e) => e.value === 'docker.io/kumahq/kuma-dp:from-settings'));
  assert.deepEqual(codes(fromSettings.results), ['KI0953']);
  const replaced = helmValuesInstall(
    { commandLine: [file('cli.yaml', 'dataPlane:\n  image:\n    tag: cli\n')], read },
    { helmValues: ['cp/values.yaml'] },
    P214,
    'mesh-system',
    readYamlNode,
  );
  assert.deepEqual(reads, ['cp/values.yaml'], 'settings paths are not read when the command line gives files');
  assert.equal(replaced.install?.namespace, 'mesh-system');
  assert.ok(replaced.install?.env.some((e) => e.value === 'docker.io/kumahq/kuma-dp:cli'));
  assert.match(replaced.results.map((r) => r.message).join('\n'), /replace the helmValues of the settings/);
  const missing = helmValuesInstall({ read }, { helmValues: ['missing.yaml'] }, P214, undefined, readYamlNode);
  assert.equal(missing.install, undefined);
  assert.deepEqual(codes(missing.results), ['KI0950']);
  assert.deepEqual(
    helmValuesInstall({}, { helmValues: ['x.yaml'] }, P214, undefined, readYamlNode).results.map((r) => r.severity),
    ['error'],
  );
  assert.deepEqual(helmValuesInstall({ read }, {}, P214, undefined, readYamlNode), { results: [] });
});

test('a value the chart renders otherwise than it reads is a warning naming the values key (KI0954)', () => {
  const r = renderHelmValues([file('v.yaml', 'controlPlane:\n  envVars:\n    KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS: false\n')], {
    profile: P214,
    readYaml: readYamlNode,
  });
  assert.ok(r.ok);
  assert.deepEqual(codes(r.results), ['KI0954']);
  assert.match(r.results[0]?.message ?? '', /v\.yaml: controlPlane\.envVars\.KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS is the boolean false/);
  assert.equal(env(r, 'KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS'), 'true');
});

test("a key of another release's chart that the selected chart ignores is a warning naming it (KI0955); keys the templates read without listing them are not", () => {
  const P213 = versionProfile('2.13');
  const text =
    'nameOverride: kuma\ncontrolPlane:\n  config: "a: 1"\n  service:\n    name: cp\n  envVars: {KUMA_X: "1"}\ndataPlane:\n  sidecarContainer:\n    resources:\n      limits: {cpu: 750m}\n  image: {tag: x}\nmeshes: []\n';
  const on213 = renderHelmValues([file('v.yaml', text)], { profile: P213, readYaml: readYamlNode });
  assert.ok(on213.ok);
  assert.deepEqual(codes(on213.results), ['KI0955']);
  assert.match(
    on213.results[0]?.message ?? '',
    /dataPlane\.sidecarContainer is a value of the kuma chart 2\.14\.3 but not of 2\.13\.10 \(version 2\.13\)/,
  );
  const on214 = renderHelmValues([file('v.yaml', text)], { profile: P214, readYaml: readYamlNode });
  assert.ok(on214.ok);
  assert.deepEqual(codes(on214.results), [], 'every key is one the 2.14.3 chart lists or reads');
  const kong = renderHelmValues([file('v.yaml', 'kuma:\n  controlPlane:\n    madsServer: {enabled: false}\n')], {
    profile: P213,
    readYaml: readYamlNode,
  });
  assert.ok(kong.ok);
  assert.match(
    kong.results.map((r) => r.message).join('\n'),
    /kuma\.controlPlane\.madsServer is a value of the kuma chart 2\.14\.3 but not of 2\.13\.10/,
  );
});
