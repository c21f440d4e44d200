/** Version profiles (spec §0, §16, Appendix A) for both products. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings } from '../../../src/config/profiles.ts';

describe('version profiles', () => {
  test('§0 2.14: native sidecars, admin UDS, OTel pipe, no sidecar CPU limit, configurable init resources', () => {
    const s = defaultSettings('kuma', '2.14');
    assert.equal(s.sidecarContainers, true);
    assert.deepEqual(s.bootstrap, { adminPort: 9901, readinessPort: 9902, envoyAdminUnixSocket: true });
    assert.equal(s.injector.otelPipeEnabled, true);
    assert.deepEqual(s.injector.sidecarContainer.resources.limits, { cpu: '0', memory: '512Mi' });
    assert.deepEqual(s.injector.initContainer.resources.limits, { cpu: '0', memory: '50M' });
    assert.equal(s.injector.applicationProbeProxyPort, 9001);
    assert.equal(s.injector.virtualProbesEnabled, false);
    assert.deepEqual(s.injector.builtinDNS, { enabled: true, port: 15053, logging: false, experimentalProxy: true });
    assert.equal(s.injector.transparentProxyConfigMap, '');
  });

  test('§A.6 2.13: classic layout, CPU limit 1000m, no admin UDS', () => {
    const s = defaultSettings('kuma', '2.13');
    assert.equal(s.sidecarContainers, false);
    assert.equal(s.bootstrap.envoyAdminUnixSocket, false);
    assert.equal(s.injector.sidecarContainer.resources.limits.cpu, '1000m');
    assert.equal(s.injector.sidecarContainer.image, 'docker.io/kumahq/kuma-dp:2.13.10');
  });

  test('§3 product defaults: images, system namespace, control-plane address', () => {
    const kuma = defaultSettings('kuma', '2.14');
    assert.equal(kuma.systemNamespace, 'kuma-system');
    assert.equal(kuma.controlPlane.address, 'https://kuma-control-plane.kuma-system:5678');
    assert.equal(kuma.injector.initContainer.image, 'docker.io/kumahq/kuma-init:2.14.3');
    const kong = defaultSettings('kong-mesh', '2.13');
    assert.equal(kong.systemNamespace, 'kong-mesh-system');
    assert.equal(kong.controlPlane.address, 'https://kong-mesh-control-plane.kong-mesh-system:5678');
    assert.equal(kong.injector.sidecarContainer.image, 'docker.io/kong/kuma-dp:2.13.10');
    assert.equal(kong.injector.initContainer.image, 'docker.io/kong/kuma-init:2.13.10');
  });

  test('profiles are fresh objects (callers may edit them)', () => {
    const a = defaultSettings('kuma', '2.14');
    a.injector.exceptions.labels.x = 'y';
    a.injector.initContainer.resources.requests.cpu = '1';
    const b = defaultSettings('kuma', '2.14');
    assert.equal(b.injector.exceptions.labels.x, undefined);
    assert.equal(b.injector.validationContainer.resources.requests.cpu, '20m');
    assert.equal(b.injector.initContainer.resources.requests.cpu, '20m');
  });
});
