import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayView, selectGateway, withBuiltinGateway } from '../../../src/core/policies/match/gateway.ts';
import { dataplaneView } from '../../../src/core/policies/match/dataplane-view.ts';
import { selectDataplane } from '../../../src/core/policies/match/select.ts';
import type { ResourceMeta } from '../../../src/core/policies/match/resource-meta.ts';
import { compareByPolicyAttributes, compareByTargetRef } from '../../../src/core/policies/match/sort.ts';
import { policyView } from '../../../src/core/policies/match/policy-view.ts';

const meta = (type: string, name: string, labels: Record<string, string> = {}): ResourceMeta => ({ type, name, mesh: 'm', labels });
const gw = (
  name: string,
  selectors: Record<string, string>[] | undefined,
  labels: Record<string, string> = {},
  listeners: unknown[] = [{ port: 80 }],
) =>
  gatewayView(meta('MeshGateway', name, labels), {
    ...(selectors === undefined ? {} : { selectors: selectors.map((match) => ({ match })) }),
    conf: { listeners },
  });
const builtin = (tags: Record<string, string>, labels: Record<string, string> = {}) =>
  dataplaneView(meta('Dataplane', 'gw-dp', labels), { address: '10.0.0.1', gateway: { type: 'BUILTIN', tags } });

test('a built-in gateway serves the gateway whose matching selector has the most tags, then the most exact ones, then the first by name', () => {
  const dp = builtin({ 'kuma.io/service': 'edge', zone: 'a' });
  assert.equal(
    selectGateway(dp, [gw('b-any', []), gw('a-wild', [{ 'kuma.io/service': '*' }]), gw('c-exact', [{ 'kuma.io/service': 'edge' }])])?.meta
      .name,
    'c-exact',
  );
  assert.equal(
    selectGateway(dp, [gw('z-two', [{ 'kuma.io/service': 'edge', zone: '*' }]), gw('a-one', [{ 'kuma.io/service': 'edge' }])])?.meta.name,
    'z-two',
  );
  assert.equal(selectGateway(dp, [gw('y', [{ 'kuma.io/service': 'edge' }]), gw('x', [{ zone: 'a' }])])?.meta.name, 'x');
  // No selector, or an empty one, matches with rank zero; a non-matching selector never.
  assert.equal(
    selectGateway(dp, [gw('no-selectors', undefined), gw('other', [{ 'kuma.io/service': 'other' }])])?.meta.name,
    'no-selectors',
  );
  assert.equal(selectGateway(dp, [gw('other', [{ 'kuma.io/service': 'other' }])]), undefined);
});

test('gateways created in another zone are not served; global and origin-less ones are', () => {
  const dp = builtin({ 'kuma.io/service': 'edge' }, { 'kuma.io/zone': 'z1', 'kuma.io/origin': 'zone' });
  const remote = gw('a-remote', [{ 'kuma.io/service': 'edge', x: '*' }], { 'kuma.io/origin': 'zone', 'kuma.io/zone': 'z2' });
  assert.equal(
    selectGateway(dp, [remote, gw('b-global', [{ 'kuma.io/service': 'edge' }], { 'kuma.io/origin': 'global' })])?.meta.name,
    'b-global',
  );
  assert.equal(selectGateway(dp, [remote]), undefined);
  // A Dataplane without a zone label keeps every gateway.
  assert.equal(selectGateway(builtin({ 'kuma.io/service': 'edge', x: '1' }), [remote])?.meta.name, 'a-remote');
});

test('MeshGateway refs select the listeners whose merged tags match, by display name; other kinds see the listeners too', () => {
  const dp = withBuiltinGateway(builtin({ 'kuma.io/service': 'edge', tier: 'dp' }), [
    gatewayView(meta('MeshGateway', 'gw.ns', { 'kuma.io/display-name': 'gw' }), {
      selectors: [{ match: { 'kuma.io/service': 'edge' } }],
      tags: { tier: 'gateway' },
      conf: {
        listeners: [{ port: 80, tags: { l: 'one' } }, { port: 80, hostname: 'a.com', tags: { l: 'two', tier: 'listener' } }, { port: 81 }],
      },
    }),
  ]);
  const policy = meta('MeshTimeout', 'p');
  assert.deepEqual(selectDataplane(policy, { kind: 'MeshGateway', name: 'gw' }, dp, { routes: [] }), {
    inbounds: ['10.0.0.1:80', '10.0.0.1:81'],
    gatewayListeners: ['10.0.0.1:80:*', '10.0.0.1:80:a.com', '10.0.0.1:81:*'],
    delegatedGateway: false,
  });
  assert.deepEqual(selectDataplane(policy, { kind: 'MeshGateway', name: 'gw', tags: { l: 'two' } }, dp, { routes: [] }).gatewayListeners, [
    '10.0.0.1:80:a.com',
  ]);
  assert.deepEqual(selectDataplane(policy, { kind: 'MeshGateway', name: 'gw.ns' }, dp, { routes: [] }).gatewayListeners, []);
  // Later tags win: the listener's over the MeshGateway's over the Dataplane's.
  assert.deepEqual(selectDataplane(policy, { kind: 'MeshSubset', tags: { tier: 'gateway' } }, dp, { routes: [] }).gatewayListeners, [
    '10.0.0.1:80:*',
    '10.0.0.1:81:*',
  ]);
  assert.deepEqual(
    selectDataplane(policy, { kind: 'MeshServiceSubset', name: 'edge', tags: { tier: 'listener' } }, dp, { routes: [] }).inbounds,
    ['10.0.0.1:80'],
  );
  assert.equal(selectDataplane(policy, { kind: 'Mesh', proxyTypes: ['Sidecar'] }, dp, { routes: [] }).gatewayListeners.length, 0);
  // kind Dataplane never selects a Dataplane that serves a MeshGateway.
  assert.deepEqual(selectDataplane(policy, { kind: 'Dataplane' }, dp, { routes: [] }).inbounds, []);
});

test('MeshGateway listener tags order matched policies (fewer first) but not outbound to-entries', () => {
  const onGateway = (name: string, tags?: Record<string, string>) =>
    policyView(meta('MeshHTTPRoute', name), { targetRef: { kind: 'MeshGateway', name: 'gw', ...(tags === undefined ? {} : { tags }) } });
  const plain = onGateway('z');
  const tagged = onGateway('a', { listener: 'one' });
  assert.ok(compareByTargetRef(plain, tagged) < 0);
  assert.equal(compareByPolicyAttributes(plain, tagged), 0);
});
