import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { settingsFromFunctionConfig } from '../../src/config/function-config.ts';
import type { KubeObject } from '../../src/core/types.ts';

const typed = (body: Record<string, unknown>): KubeObject => ({
  apiVersion: 'fn.kuma-inject.dev/v1alpha1',
  kind: 'KumaInject',
  metadata: { name: 'inject' },
  ...body,
});

const configMap = (data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'inject', annotations: { 'config.kubernetes.io/local-config': 'true' } },
  data,
});

describe('functionConfig', () => {
  test('no functionConfig gives no settings', () => {
    assert.deepEqual(settingsFromFunctionConfig(undefined), { ok: true, body: {} });
  });

  test('the typed kind gives its body without apiVersion, kind and metadata', () => {
    const outcome = settingsFromFunctionConfig(typed({ product: 'kuma', version: '2.13', sidecarContainers: true }));
    assert.deepEqual(outcome, { ok: true, body: { product: 'kuma', version: '2.13', sidecarContainers: true } });
  });

  test('a ConfigMap gives typed values from flat dotted keys', () => {
    const outcome = settingsFromFunctionConfig(
      configMap({
        version: '2.13',
        sidecarContainers: 'true',
        'bootstrap.adminPort': '9911',
        meshes: 'default, payments',
        'controlPlane.address': 'https://cp.example:5678',
      }),
    );
    assert.deepEqual(outcome, {
      ok: true,
      body: {
        version: '2.13',
        sidecarContainers: true,
        bootstrap: { adminPort: 9911 },
        meshes: ['default', 'payments'],
        controlPlane: { address: 'https://cp.example:5678' },
      },
    });
  });

  test('a ConfigMap map-typed key takes YAML text', () => {
    const outcome = settingsFromFunctionConfig(configMap({ namespaces: 'demo:\n  labels:\n    kuma.io/sidecar-injection: enabled\n' }));
    assert.deepEqual(outcome, { ok: true, body: { namespaces: { demo: { labels: { 'kuma.io/sidecar-injection': 'enabled' } } } } });
  });

  test('every problem is reported at once, each naming its field', () => {
    const outcome = settingsFromFunctionConfig(
      typed({ version: '3.0', prodcut: 'kuma', previews: 'maybe', bootstrap: { adminPort: 'x' } }),
    );
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    const byPath = new Map(outcome.results.map((r) => [r.field?.path, r.message]));
    assert.match(byPath.get('version') ?? '', /must be one of "2\.14", "2\.13"/);
    assert.match(byPath.get('prodcut') ?? '', /unknown key "prodcut"; did you mean "product"\?/);
    assert.match(byPath.get('previews') ?? '', /must be one of "local-config", "off"/);
    assert.match(byPath.get('bootstrap.adminPort') ?? '', /must be of type integer/);
    for (const result of outcome.results) {
      assert.equal(result.severity, 'error');
      assert.equal(result.tags?.['code'], 'KI0101');
      assert.deepEqual(result.resourceRef, { apiVersion: 'fn.kuma-inject.dev/v1alpha1', kind: 'KumaInject', name: 'inject' });
    }
  });

  test('an unknown nested key names its full path and the nearest valid key', () => {
    const outcome = settingsFromFunctionConfig(typed({ controlPlane: { adress: 'x' } }));
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    assert.equal(outcome.results[0]?.field?.path, 'controlPlane.adress');
    assert.match(outcome.results[0]?.message ?? '', /did you mean "address"\?/);
  });

  test('ConfigMap values of the wrong type name the data key', () => {
    const outcome = settingsFromFunctionConfig(configMap({ sidecarContainers: 'yes', 'bootstrap.readinessPort': 'ninety' }));
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    assert.deepEqual(outcome.results.map((r) => r.field?.path).sort(), ['data.bootstrap.readinessPort', 'data.sidecarContainers']);
  });

  test('a wrong apiVersion or kind says what is accepted', () => {
    const wrongVersion = settingsFromFunctionConfig({ ...typed({}), apiVersion: 'fn.kuma-inject.dev/v1' });
    assert.equal(wrongVersion.ok, false);
    const wrongKind = settingsFromFunctionConfig({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } });
    assert.equal(wrongKind.ok, false);
    if (!wrongKind.ok) assert.match(wrongKind.results[0]?.message ?? '', /KumaInject or a ConfigMap/);
  });
});

describe('functionConfig messages say what was got', () => {
  test('an unquoted version read as a number is named, with the fix', () => {
    const outcome = settingsFromFunctionConfig(typed({ version: 2.13, injector: { sidecarContainer: { uid: 'abc' } } }));
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    const byPath = new Map(outcome.results.map((r) => [r.field?.path, r.message]));
    assert.match(byPath.get('version') ?? '', /\(got 2\.13, a number\); quote it in YAML: "2\.13"/);
    assert.match(byPath.get('injector.sidecarContainer.uid') ?? '', /must be of type integer \(got "abc", a string\)/);
  });
});

describe('a ConfigMap functionConfig with keys named like Object members', () => {
  for (const key of ['__proto__', 'injector.__proto__', 'constructor', 'bootstrap.toString']) {
    test(`data.${key} is an unknown key, reported like any other`, () => {
      // Own keys, as the reader gives them (a literal `__proto__:` here would set the prototype).
      const data = JSON.parse(`{${JSON.stringify(key)}: "x", "version": "2.13"}`) as Record<string, string>;
      assert.ok(Object.hasOwn(data, key));
      const outcome = settingsFromFunctionConfig(configMap(data));
      assert.equal(outcome.ok, false, `data.${key} was accepted`);
      if (outcome.ok) return;
      const last = key.split('.').at(-1) ?? '';
      assert.ok(
        outcome.results.some((r) => r.tags?.['code'] === 'KI0101' && r.message.includes(`unknown key "${last}"`)),
        outcome.results.map((r) => r.message).join('\n'),
      );
    });
  }
});
