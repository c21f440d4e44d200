import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, preview, service } from './helpers.ts';

const app = deployment('backend', 'shop', { app: 'backend' }, [{ name: 'app', ports: [{ containerPort: 8080, name: 'http' }] }]);
const messages = (bundle: Parameters<typeof preview>[1], extra: Record<string, string> = {}) =>
  preview(app, bundle, {}, 'default', extra).results.filter((r) => r.severity === 'warning');

test('a named targetPort that matches no container port names the Service, the port and the workload', () => {
  const [w] = messages([
    service('backend', 'shop', { app: 'backend' }, [
      { port: 80, targetPort: 'http' },
      { port: 81, targetPort: 'grpc' },
    ]),
  ]);
  assert.equal(w?.resourceRef?.kind, 'Service');
  assert.equal(w?.field?.path, 'spec.ports[1].targetPort');
  assert.equal(w?.tags?.['code'], 'KI0505');
  assert.match(
    w?.message ?? '',
    /^Service shop\/backend, spec\.ports\[1\]\.targetPort: selects Deployment shop\/backend but no container port of it is named "grpc"/,
  );
});

test('a headless Service: the kuma.io/instance tag', () => {
  const [w] = messages([service('backend', 'shop', { app: 'backend' }, [{ port: 80, targetPort: 8080 }], { clusterIP: 'None' })]);
  assert.equal(w?.tags?.['code'], 'KI0508');
  assert.match(
    w?.message ?? '',
    /^Service shop\/backend, spec\.clusterIP: headless Service selecting Deployment shop\/backend .*kuma\.io\/instance/,
  );
});

test('an appProtocol Kuma does not know', () => {
  const [w] = messages([
    service('backend', 'shop', { app: 'backend' }, [{ port: 80, targetPort: 8080, appProtocol: 'kubernetes.io/h2c' }]),
  ]);
  assert.equal(w?.tags?.['code'], 'KI0506');
  assert.match(
    w?.message ?? '',
    /^Service shop\/backend, spec\.ports\[0\]\.appProtocol: Kuma does not know this protocol \(got "kubernetes\.io\/h2c"\)/,
  );
});

test('a protocol annotation Kuma does not know (the Dataplane would be rejected)', () => {
  const [w] = messages([
    service('backend', 'shop', { app: 'backend' }, [{ port: 80, targetPort: 8080 }], {}, { '80.service.kuma.io/protocol': 'mongo' }),
  ]);
  assert.equal(w?.tags?.['code'], 'KI0507');
  assert.match(
    w?.message ?? '',
    /metadata\.annotations\["80\.service\.kuma\.io\/protocol"\]: Kuma does not know this protocol \(got "mongo"\)/,
  );
});

test('kuma.io/direct-access-services in effect', () => {
  const [w] = messages([], { 'kuma.io/direct-access-services': '*' });
  assert.equal(w?.tags?.['code'], 'KI0509');
  assert.match(
    w?.message ?? '',
    /^Deployment shop\/backend, spec\.template\.metadata\.annotations\["kuma\.io\/direct-access-services"\]: direct access to services is in effect \(got "\*"\)/,
  );
});

test('a plain workload with a well-formed Service gets no warning', () => {
  assert.deepEqual(messages([service('backend', 'shop', { app: 'backend' }, [{ port: 80, targetPort: 'http', appProtocol: 'http' }])]), []);
});
