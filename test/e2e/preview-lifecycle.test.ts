import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitAll, explain, git, kptRender } from './harness.ts';
import { objectsOf, type Obj } from '../cli/kube-objects.ts';

const KPTFILE = `apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: previews
  annotations:
    config.kubernetes.io/local-config: "true"
pipeline:
  mutators:
    - exec: kuma-inject
      configMap:
        previewsDir: previews
`;

const namespace = (injection: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    kuma.io/sidecar-injection: ${injection}
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - name: http
              containerPort: 8080
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
      appProtocol: http
`;

const PREVIEW = join('previews', 'shop', 'deployment-web.yaml');

function inbounds(dir: string): { port: number; tags: Record<string, string> }[] {
  const [preview] = objectsOf(readFileSync(join(dir, PREVIEW), 'utf8')) as Obj[];
  assert.equal(preview?.['kind'], 'Dataplane');
  return preview?.['spec']['networking']['inbound'];
}

function render(dir: string, what: string): void {
  const ran = kptRender(dir);
  assert.equal(ran.status, 0, explain(what, ran));
}

describe('Dataplane previews through kpt fn render', () => {
  test('written once, byte-identical on re-render, updated when a Service goes, deleted when the workload leaves the mesh', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-previews-'));
    writeFileSync(join(dir, 'Kptfile'), KPTFILE);
    writeFileSync(join(dir, 'namespace.yaml'), namespace('enabled'));
    writeFileSync(join(dir, 'web.yaml'), DEPLOYMENT);
    writeFileSync(join(dir, 'service.yaml'), SERVICE);
    git(dir, 'init', '-q');
    commitAll(dir, 'package');

    render(dir, 'first render');
    const first = inbounds(dir);
    assert.deepEqual(
      first.map((i) => [i.port, i.tags['kuma.io/service'], i.tags['kuma.io/protocol']]),
      [[8080, 'web_shop_svc_80', 'http']],
    );
    commitAll(dir, 'rendered');

    render(dir, 'second render');
    assert.equal(git(dir, 'status', '--porcelain'), '', 'the second render changes no file, the preview included');

    rmSync(join(dir, 'service.yaml'));
    render(dir, 'render without the Service');
    const serviceless = inbounds(dir);
    assert.deepEqual(
      serviceless.map((i) => i.tags['kuma.io/service']),
      ['web_shop_svc'],
      'the service-less inbound, named after the Deployment',
    );
    assert.equal(objectsOf(readFileSync(join(dir, PREVIEW), 'utf8')).length, 1, 'updated in place, never appended');
    commitAll(dir, 'service removed');

    writeFileSync(join(dir, 'namespace.yaml'), namespace('disabled'));
    render(dir, 'render with the namespace out of the mesh');
    assert.equal(existsSync(join(dir, PREVIEW)), false, 'the preview of a workload that left the mesh is deleted');
    const web = objectsOf(readFileSync(join(dir, 'web.yaml'), 'utf8'))[0] as Obj;
    const names = (web['spec']['template']['spec']['containers'] as Obj[]).map((c) => c['name']);
    assert.deepEqual(names, ['web'], 'and the workload is given back its original form');
  });
});
