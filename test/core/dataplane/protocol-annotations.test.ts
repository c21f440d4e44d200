/**
 * `<port>.service.kuma.io/protocol` annotations kuma-cp never reads (KI0519): it looks the
 * annotation up by each port the Service exposes, so one written for the targetPort (the
 * container's port, a common slip) or with `protocol` misspelt sets nothing, and the inbound stays
 * tcp. The preview shows what kuma-cp does; the warning says why.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { transform } from '../../../src/core/transform.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import { deployment, meshNamespace, service } from './helpers.ts';

const settings = { ...defaultSettings('kong-mesh', '2.14'), previewsDir: 'previews' };
const namespace = meshNamespace('shop');
const web = deployment('web', 'shop', { app: 'web' }, [{ name: 'web', image: 'web:1', ports: [{ containerPort: 8080 }] }]);
const svc = (annotations: Record<string, string>): KubeObject =>
  service(
    'web',
    'shop',
    { app: 'web' },
    [
      { port: 80, targetPort: 8080 },
      { name: 'admin', port: 9901 },
    ],
    {},
    annotations,
  );

function run(annotations: Record<string, string>, uninject = false) {
  const outcome = transform([namespace, web, svc(annotations)], { ...settings, uninject });
  const warnings = outcome.results.filter((r) => r.tags?.['code'] === 'KI0519');
  const preview = outcome.previews.find((p) => p.kind === 'Dataplane') as
    | { spec: { networking: { inbound: { port: number; tags: Record<string, string> }[] } } }
    | undefined;
  const protocols = preview?.spec.networking.inbound.map((i) => `${i.port}:${i.tags['kuma.io/protocol']}`);
  return { warnings, protocols };
}

describe('KI0519: a protocol annotation kuma-cp never reads', () => {
  test('written for the targetPort: the warning names the port it is for, and the preview keeps tcp as kuma-cp does', () => {
    const { warnings, protocols } = run({ '8080.service.kuma.io/protocol': 'http' });
    assert.deepEqual(protocols, ['8080:tcp', '9901:tcp']);
    assert.equal(warnings.length, 1);
    assert.equal(
      warnings[0]?.message,
      'Service shop/web, metadata.annotations["8080.service.kuma.io/protocol"]: kuma-cp reads this annotation by the Service\'s port, and this Service has ports 80, 9901, so it sets nothing (the port\'s protocol stays tcp unless appProtocol says otherwise). 8080 is the targetPort of port 80: rename it to 80.service.kuma.io/protocol.',
    );
    assert.equal(warnings[0]?.field?.path, 'metadata.annotations["8080.service.kuma.io/protocol"]');
    assert.deepEqual(warnings[0]?.resourceRef, { apiVersion: 'v1', kind: 'Service', name: 'web', namespace: 'shop' });
  });

  test('written for the port: read, and nothing to say', () => {
    const { warnings, protocols } = run({ '80.service.kuma.io/protocol': 'http' });
    assert.deepEqual(protocols, ['8080:http', '9901:tcp']);
    assert.deepEqual(warnings, []);
  });

  test('a port no Service port maps to, and a misspelt protocol key', () => {
    const { warnings } = run({
      '1234.service.kuma.io/protocol': 'http',
      '80.service.kuma.io/protcol': 'http',
      '80.service.kuma.io/other': 'x',
    });
    assert.deepEqual(
      warnings.map((w) => w.message.replace(/^Service shop\/web, /, '')),
      [
        'metadata.annotations["1234.service.kuma.io/protocol"]: kuma-cp reads this annotation by the Service\'s port, and this Service has ports 80, 9901, so it sets nothing (the port\'s protocol stays tcp unless appProtocol says otherwise). Name one of the Service ports, or remove it.',
        'metadata.annotations["80.service.kuma.io/protcol"]: kuma-cp reads 80.service.kuma.io/protocol, not this key, so it sets nothing. Rename it.',
      ],
    );
  });

  test('uninject says nothing of it', () => {
    assert.deepEqual(run({ '8080.service.kuma.io/protocol': 'http' }, true).warnings, []);
  });
});

test('a Service label or annotation one edit from a key kuma-cp reads on Services is a KI0226 warning', () => {
  const ignored = svc({ 'kuma.io/ingore': 'true' });
  const outcome = transform([namespace, web, ignored], settings);
  assert.deepEqual(
    outcome.results.filter((r) => r.tags?.['code'] === 'KI0226').map((r) => r.message),
    [
      'Service shop/web, metadata.annotations["kuma.io/ingore"]: not an annotation Kuma reads, so it does not do what "kuma.io/ignore" does; did you mean that? Rename it, or remove it.',
    ],
  );
});
