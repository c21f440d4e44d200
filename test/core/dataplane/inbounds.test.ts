import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/core/types.ts';
import { indexServices } from '../../../src/core/dataplane/service-index.ts';
import { deployment, inbounds, preview, service, settings } from './helpers.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';

const app = deployment('backend', 'shop', { app: 'backend', version: 'v1', 'team.kuma.io/owner': 'x' }, [
  {
    name: 'app',
    ports: [
      { containerPort: 8080, name: 'http' },
      { containerPort: 9090, name: 'metrics' },
    ],
  },
]);

describe('tags', () => {
  const svc = service(
    'backend',
    'shop',
    { app: 'backend' },
    [
      { port: 80, targetPort: 8080, appProtocol: 'http' },
      { port: 81, targetPort: 'metrics' },
      { port: 82, targetPort: 7000 },
    ],
    {},
    { '82.service.kuma.io/protocol': 'grpc' },
  );
  const [http, metrics, annotated] = inbounds(preview(app, [svc]).dataplane);

  test('pod labels become tags, except keys containing kuma.io/', () => {
    assert.equal(http?.tags?.['app'], 'backend');
    assert.equal(http?.tags?.['version'], 'v1');
    assert.equal(http?.tags?.['team.kuma.io/owner'], undefined);
    assert.equal(http?.tags?.['kuma.io/mesh'], undefined);
  });
  test('kuma.io/service is <service>_<namespace>_svc_<port> with the Service port', () => {
    assert.equal(http?.tags?.['kuma.io/service'], 'backend_shop_svc_80');
    assert.equal(metrics?.tags?.['kuma.io/service'], 'backend_shop_svc_81');
  });
  test('k8s.kuma.io/namespace, service-name and service-port (a string)', () => {
    assert.equal(http?.tags?.['k8s.kuma.io/namespace'], 'shop');
    assert.equal(http?.tags?.['k8s.kuma.io/service-name'], 'backend');
    assert.equal(http?.tags?.['k8s.kuma.io/service-port'], '80');
  });
  test('kuma.io/protocol from appProtocol, then the <port>.service.kuma.io/protocol annotation, else tcp', () => {
    assert.equal(http?.tags?.['kuma.io/protocol'], 'http');
    assert.equal(http?.protocol, 'http');
    assert.equal(annotated?.tags?.['kuma.io/protocol'], 'grpc');
    assert.equal(metrics?.tags?.['kuma.io/protocol'], 'tcp');
  });
  test('kuma.io/zone when a zone is set, none without', () => {
    assert.equal(http?.tags?.['kuma.io/zone'], 'zone-1');
    const [noZone] = inbounds(preview(app, [svc], { settings: { ...settings, zone: '' } }).dataplane);
    assert.equal(noZone?.tags !== undefined && 'kuma.io/zone' in noZone.tags, false);
  });
});

describe('inbounds', () => {
  test('one inbound per Service port; named and numeric targetPorts resolve to container ports', () => {
    const svc = service('backend', 'shop', { app: 'backend' }, [
      { port: 80, targetPort: 'http' },
      { port: 9000, targetPort: 9090 },
      { port: 7, targetPort: 7777 },
    ]);
    const got = inbounds(preview(app, [svc]).dataplane).map((i) => [i.port, i.name]);
    assert.deepEqual(got, [
      [8080, 'http'],
      [9090, 'metrics'],
      [7777, undefined],
    ]);
  });
  test('a Service of another namespace or with another selector does not attach', () => {
    const got = inbounds(
      preview(app, [service('backend', 'other', { app: 'backend' }, [{ port: 80 }]), service('x', 'shop', { app: 'x' }, [{ port: 80 }])])
        .dataplane,
    );
    assert.deepEqual(
      got.map((i) => i.port),
      [49151],
    );
  });
  test('a Service annotated kuma.io/ignore is left out', () => {
    const svc = service('backend', 'shop', { app: 'backend' }, [{ port: 80, targetPort: 8080 }], {}, { 'kuma.io/ignore': 'true' });
    assert.deepEqual(
      inbounds(preview(app, [svc]).dataplane).map((i) => i.port),
      [49151],
    );
  });
  test('targetPort defaults to port, as the API server fills it in', () => {
    const svc = service('backend', 'shop', { app: 'backend' }, [{ port: 8080 }]);
    assert.deepEqual(
      inbounds(preview(app, [svc]).dataplane).map((i) => [i.port, i.name]),
      [[8080, 'http']],
    );
  });
});

describe('service-less inbound', () => {
  const owners: [string, KubeObject, string][] = [
    ['Deployment', app, 'backend_shop_svc'],
    ['StatefulSet', { ...app, kind: 'StatefulSet', metadata: { name: 'db', namespace: 'shop' } }, 'db_shop_svc'],
    ['DaemonSet', { ...app, kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'shop' } }, 'agent_shop_svc'],
    ['Job', { ...app, kind: 'Job', apiVersion: 'batch/v1', metadata: { name: 'migrate', namespace: 'shop' } }, 'migrate_shop_svc'],
    [
      'ReplicaSet owned by a Deployment',
      {
        ...app,
        kind: 'ReplicaSet',
        metadata: { name: 'web-5d4f', namespace: 'shop', ownerReferences: [{ kind: 'Deployment', name: 'web' }] },
      },
      'web_shop_svc',
    ],
    [
      'Pod',
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', namespace: 'shop', labels: { app: 'solo' } }, spec: { containers: [] } },
      'solo_shop_svc',
    ],
  ];
  for (const [title, owner, expected] of owners) {
    test(`a ${title} no Service selects gets <workload>_<namespace>_svc on port 49151`, () => {
      const [inbound] = inbounds(preview(owner, []).dataplane);
      assert.equal(inbound?.port, 49151);
      assert.equal(inbound?.tags?.['kuma.io/service'], expected);
      assert.equal(inbound?.tags?.['kuma.io/protocol'], 'tcp');
    });
  }
  test('a CronJob names the service after itself', () => {
    const cron: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'shop' },
      spec: { jobTemplate: { spec: { template: { metadata: { labels: { app: 'nightly' } }, spec: { containers: [] } } } } },
    };
    const template = (
      cron['spec'] as { jobTemplate: { spec: { template: { metadata: KubeObject['metadata']; spec: Record<string, unknown> } } } }
    ).jobTemplate.spec.template;
    const outcome = preview({ ...cron, spec: { template } }, [], { owner: cron });
    assert.equal(inbounds(outcome.dataplane)[0]?.tags?.['kuma.io/service'], 'nightly_shop_svc');
  });
  test('service-less tags keep kuma.io/ labels (no filter there) and the instance placeholder', () => {
    const [inbound] = inbounds(preview(app, []).dataplane);
    assert.equal(inbound?.tags?.['kuma.io/mesh'], 'default');
    assert.equal(inbound?.tags?.['kuma.io/instance'], 'backend-<pod-template-hash>-<random>');
  });
});

describe('control-plane settings', () => {
  test('ignoredServiceSelectorLabels: a Service matching only without them attaches, its inbound Ignored', () => {
    const bluegreen = service('backend-preview', 'shop', { app: 'backend', 'rollouts-pod-template-hash': 'abc' }, [
      { port: 80, targetPort: 8080 },
    ]);
    const outcome = preview(app, [], { services: indexServices([bluegreen], ['rollouts-pod-template-hash']) });
    const [inbound] = inbounds(outcome.dataplane);
    assert.equal(inbound?.port, 8080);
    assert.equal(inbound?.state, 'Ignored');
    assert.deepEqual(inbound?.health, {});
  });
  test('version 2.13: no inbound protocol field (tag only)', () => {
    const svc = service('backend', 'shop', { app: 'backend' }, [{ port: 80, targetPort: 8080, appProtocol: 'http' }]);
    const [inbound] = inbounds(
      preview(app, [svc], { settings: { ...settings, release: defaultSettings('kuma', '2.13').release } }).dataplane,
    );
    assert.equal(inbound?.protocol, undefined);
    assert.equal(inbound?.tags?.['kuma.io/protocol'], 'http');
  });
  test('inboundTagsDisabled (2.14): inbounds without tags', () => {
    const svc = service('backend', 'shop', { app: 'backend' }, [{ port: 80, targetPort: 8080 }]);
    const [inbound] = inbounds(preview(app, [svc], { options: { inboundTagsDisabled: true } }).dataplane);
    assert.equal(inbound?.tags, undefined);
    assert.equal(inbound?.protocol, 'tcp');
  });
});
