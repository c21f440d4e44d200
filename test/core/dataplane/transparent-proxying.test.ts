import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readYamlNode } from '../../../src/krm/yaml-node-reader.ts';
import { transparentProxyingFor } from '../../../src/core/dataplane/transparent-proxying.ts';
import { ConversionError } from '../../../src/core/dataplane/conversion-error.ts';

describe('transparentProxyingFor', () => {
  const legacy = {
    'kuma.io/transparent-proxying': 'enabled',
    'kuma.io/transparent-proxying-inbound-port': '15006',
    'kuma.io/transparent-proxying-outbound-port': '15001',
  };
  test('direct access list kept in order, untrimmed, empty items dropped', () => {
    assert.deepEqual(
      transparentProxyingFor({ ...legacy, 'kuma.io/direct-access-services': 'a_ns_svc_80,, b_ns_svc_81' })?.['directAccessServices'],
      ['a_ns_svc_80', ' b_ns_svc_81'],
    );
  });
  test('nothing is read without a transparent-proxy annotation', () => {
    assert.equal(transparentProxyingFor({ 'kuma.io/direct-access-services': '*' }), undefined);
  });
  test('the ConfigMap path gives lists but no redirect ports', () => {
    assert.deepEqual(transparentProxyingFor({ 'traffic.kuma.io/transparent-proxy-config': 'x', 'kuma.io/direct-access-services': '*' }), {
      directAccessServices: ['*'],
    });
  });
  test('control-plane errors for a bad ip family mode and a bad reachable-backends value', () => {
    assert.throws(
      () => transparentProxyingFor({ ...legacy, 'kuma.io/transparent-proxying-ip-family-mode': 'ipv6' }),
      (e: unknown) => e instanceof ConversionError && e.message === "invalid ip family mode 'ipv6'",
    );
    assert.throws(
      () => transparentProxyingFor({ ...legacy, 'kuma.io/reachable-backends': 'refs: 3' }, readYamlNode),
      /cannot parse, kuma.io\/reachable-backends has invalid format/,
    );
  });
  test('missing redirect port in transparent mode', () => {
    assert.throws(
      () => transparentProxyingFor({ 'kuma.io/transparent-proxying': 'enabled' }),
      /transparent proxying inbound port has to be set in transparent mode/,
    );
  });
});
