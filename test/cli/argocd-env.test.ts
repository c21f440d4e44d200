import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { settingsFromArgoEnv } from '../../src/cli/argocd-env.ts';

describe('Argo CD plugin env and parameters', () => {
  test('ARGOCD_ENV_<NAME> (spec.source.plugin.env) maps onto settings', () => {
    const s = settingsFromArgoEnv({
      ARGOCD_ENV_PRODUCT: 'kuma',
      ARGOCD_ENV_SIDECAR_CONTAINERS: 'false',
      ARGOCD_ENV_CONTROL_PLANE_ADDRESS: 'https://cp:5678',
      ARGOCD_APP_NAME: 'x',
    });
    assert.deepEqual(s, {
      ok: true,
      overrides: { product: 'kuma', sidecarContainers: false, controlPlane: { address: 'https://cp:5678' } },
    });
  });

  test('PARAM_<NAME> (parameters) win over env; arrays come as PARAM_<NAME>_<i>', () => {
    const s = settingsFromArgoEnv({
      ARGOCD_ENV_VERSION: '2.14',
      PARAM_VERSION: '2.13',
      PARAM_MESHES_0: 'default',
      PARAM_MESHES_1: 'payments',
      ARGOCD_ENV_MESHES: 'ignored',
    });
    assert.deepEqual(s, { ok: true, overrides: { version: '2.13', meshes: ['default', 'payments'] } });
  });

  test('CONFIG names the settings file', () => {
    const s = settingsFromArgoEnv({ ARGOCD_ENV_CONFIG: 'mesh/settings.yaml' });
    assert.deepEqual(s, { ok: true, overrides: {}, configFile: 'mesh/settings.yaml', configSetting: 'ARGOCD_ENV_CONFIG' });
  });

  test('a value that cannot be parsed names the variable', () => {
    const s = settingsFromArgoEnv({ PARAM_SIDECAR_CONTAINERS: 'sometimes' });
    assert.ok(!s.ok);
    if (!s.ok) assert.match(s.message, /PARAM_SIDECAR_CONTAINERS: expected true or false \(got "sometimes"\)/);
  });

  test('a PARAM_* that names no setting is a warning naming it (with the nearest name), not silence', () => {
    const s = settingsFromArgoEnv({
      PARAM_SIDECAR_CONTAINER: 'true',
      PARAM_FROBNICATE: 'x',
      PARAM_MESHES_0: 'default',
      PARAM_SYSTEM_NAMESPACE: 'ns',
      PARAM_CONFIG: 'k.yaml',
    });
    assert.ok(s.ok);
    if (!s.ok) return;
    assert.deepEqual(s.overrides, { systemNamespace: 'ns', meshes: ['default'] });
    assert.equal(s.warnings?.length, 2, JSON.stringify(s.warnings));
    assert.match(
      s.warnings?.[0] ?? '',
      /^PARAM_FROBNICATE: no setting has this parameter name, so it is ignored; known parameters: product, version, system-namespace, .*config\. Fix spec\.source\.plugin\.parameters/,
    );
    assert.match(s.warnings?.[1] ?? '', /^PARAM_SIDECAR_CONTAINER: .*did you mean sidecar-containers \(PARAM_SIDECAR_CONTAINERS\)\?/);
    assert.equal(
      settingsFromArgoEnv({ PARAM_VERSION: '2.13' }).ok && 'warnings' in settingsFromArgoEnv({ PARAM_VERSION: '2.13' }),
      false,
      'no warnings key when all is known',
    );
  });

  test('an ARGOCD_ENV_* that names no setting is a warning naming it (with the nearest name), not silence', () => {
    const s = settingsFromArgoEnv({
      ARGOCD_ENV_VERSOIN: '2.13',
      ARGOCD_ENV_PRODUCT: 'kuma',
      ARGOCD_ENV_FROBNICATE: 'x',
      ARGOCD_APP_NAME: 'shop',
    });
    assert.ok(s.ok);
    if (!s.ok) return;
    assert.deepEqual(s.overrides, { product: 'kuma' });
    assert.equal(s.warnings?.length, 2, JSON.stringify(s.warnings));
    assert.match(
      s.warnings?.[0] ?? '',
      /^ARGOCD_ENV_FROBNICATE: no setting has this env variable name, so it is ignored; known env variables: ARGOCD_ENV_PRODUCT, ARGOCD_ENV_VERSION, .*ARGOCD_ENV_CONFIG\. Fix spec\.source\.plugin\.env of the Application\.$/,
    );
    assert.match(s.warnings?.[1] ?? '', /^ARGOCD_ENV_VERSOIN: .*did you mean ARGOCD_ENV_VERSION\? Fix spec\.source\.plugin\.env/);
    assert.equal(
      'warnings' in settingsFromArgoEnv({ ARGOCD_ENV_MESHES: 'a,b', ARGOCD_ENV_CONFIG: 'k.yaml' }),
      false,
      'no warnings key when all is known',
    );
  });
});
