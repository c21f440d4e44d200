/**
 * Zero-config through real kpt: a package holding a rendered Kuma control-plane install (the kuma-cp
 * Deployment with non-default images and resources in its env, its config ConfigMap, the CA Secret)
 * and an app, with no KumaInject at all, renders the app with the install's images, resources, drain
 * time and CA; the install's files are left as they are; the ConfigMap key the env shadows and a
 * KumaInject setting that contradicts the install are warnings with their codes in kpt's results.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { commitAll, explain, git, kptRender, requireTool } from './harness.ts';
import { find, objectsOf, sidecarOf, type Obj } from '../cli/kube-objects.ts';
import { CONFORMANCE } from '../conformance/conformance-dir.ts';
import { shopApp } from '../cli/fixtures.ts';

const GOLDEN = fileURLToPath(new URL('kuma-2.14/cp-config/install/install-control-plane.defaults.golden.yaml', CONFORMANCE));
const CA = '-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIQZm9yIGt1bWEtaW5qZWN0IHRlc3Q=\n-----END CERTIFICATE-----\n';

const INSTALL_ENV: Record<string, string> = {
  KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_IMAGE: 'registry.example.com/mesh/kuma-dp:2.14.3-hardened',
  KUMA_INJECTOR_INIT_CONTAINER_IMAGE: 'registry.example.com/mesh/kuma-init:2.14.3-hardened',
  KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_REQUESTS_CPU: '100m',
  KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_LIMITS_MEMORY: '1Gi',
};

/** The golden's kuma-cp Deployment (env changed as a platform team would through Helm values), config ConfigMap, and a CA Secret. */
function installFiles(): string {
  const docs = parseAllDocuments(readFileSync(GOLDEN, 'utf8'))
    .map((d) => d.toJS() as Obj | null)
    .filter((d): d is Obj => d !== null);
  const deployment = structuredClone(docs.find((d) => d['kind'] === 'Deployment' && d['metadata']['name'] === 'kuma-control-plane')) as Obj;
  const configMap = structuredClone(
    docs.find((d) => d['kind'] === 'ConfigMap' && d['metadata']['name'] === 'kuma-control-plane-config'),
  ) as Obj;
  const env = deployment['spec']['template']['spec']['containers'][0]['env'] as { name: string; value?: string }[];
  for (const [name, value] of Object.entries(INSTALL_ENV)) {
    const entry = env.find((e) => e.name === name);
    assert.ok(entry !== undefined, `${name} is a chart env var`);
    entry.value = value;
  }
  configMap['data']['config.yaml'] += [
    'runtime:',
    '  kubernetes:',
    '    injector:',
    '      sidecarContainer:',
    '        drainTime: 45s',
    '        resources:',
    '          limits:',
    '            memory: 2Gi',
    '',
  ].join('\n');
  // The golden has an empty `annotations:`; kpt drops null fields when it writes files back.
  if (deployment['metadata']['annotations'] === null) delete deployment['metadata']['annotations'];
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'general-tls-secret', namespace: 'kuma-system' },
    type: 'kubernetes.io/tls',
    data: { 'ca.crt': Buffer.from(CA).toString('base64') },
  };
  return [configMap, secret, deployment].map((o) => stringify(o)).join('---\n');
}

const APP = shopApp(`      - name: web
        image: nginx:1.27`);

function kptfile(configPath?: string): string {
  return `apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: platform
  annotations:
    config.kubernetes.io/local-config: "true"
pipeline:
  mutators:
    - exec: kuma-inject
${configPath === undefined ? '' : `      configPath: ${configPath}\n`}`;
}

function packageWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-cp-install-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  git(dir, 'init', '-q');
  commitAll(dir, 'platform package');
  return dir;
}

describe('kpt fn render: settings from the control plane install in the package', () => {
  test("no KumaInject: the app gets the install's images, resources, drain time and CA; the install is untouched; the shadowed ConfigMap key is a warning", () => {
    requireTool('kpt', 'the kpt end-to-end tests run kpt fn render');
    const install = installFiles();
    const dir = packageWith({ Kptfile: kptfile(), 'kuma-install.yaml': install, 'app.yaml': APP });
    const results = join(dir, '.results');
    const ran = kptRender(dir, ['--results-dir', results]);
    assert.equal(ran.status, 0, explain('kpt fn render', ran));
    assert.equal(readFileSync(join(dir, 'kuma-install.yaml'), 'utf8'), install, 'the install file is not rewritten');
    const web = find(objectsOf(readFileSync(join(dir, 'app.yaml'), 'utf8')), 'Deployment', 'web');
    const sidecar = sidecarOf(web) as Obj;
    assert.equal(sidecar['image'], INSTALL_ENV['KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_IMAGE']);
    assert.equal(sidecar['resources']['requests']['cpu'], '100m');
    assert.equal(sidecar['resources']['limits']['memory'], '1Gi', "the env wins over the ConfigMap's 2Gi");
    const env = sidecar['env'] as { name: string; value?: string }[];
    assert.equal(env.find((e) => e.name === 'KUMA_DATAPLANE_DRAIN_TIME')?.value, '45s', 'a ConfigMap key no env shadows applies');
    assert.equal(env.find((e) => e.name === 'KUMA_CONTROL_PLANE_CA_CERT')?.value, CA, 'the CA of the Secret the Deployment mounts');
    const spec = web['spec']['template']['spec'];
    const init = (spec['initContainers'] as Obj[]).find((c) => c['name'] === 'kuma-init');
    assert.equal(init?.['image'], INSTALL_ENV['KUMA_INJECTOR_INIT_CONTAINER_IMAGE']);
    const list = readFileSync(join(results, 'results.yaml'), 'utf8');
    assert.match(
      list,
      /key runtime\.kubernetes\.injector\.sidecarContainer\.resources\.limits\.memory \("2Gi"\) has no effect: the env var KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_LIMITS_MEMORY/,
    );
    assert.match(list, /code: KI0903/);
    assert.match(list, /code: KI0901/);
  });

  test('a KumaInject setting that contradicts the install is used, with a KI0911 warning', () => {
    requireTool('kpt', 'the kpt end-to-end tests run kpt fn render');
    const config =
      'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: settings\n  annotations:\n    config.kubernetes.io/local-config: "true"\ninjector:\n  sidecarContainer:\n    image: docker.io/kumahq/kuma-dp:2.14.3\n';
    const dir = packageWith({
      Kptfile: kptfile('kuma-inject.yaml'),
      'kuma-inject.yaml': config,
      'kuma-install.yaml': installFiles(),
      'app.yaml': APP,
    });
    const results = join(dir, '.results');
    const ran = kptRender(dir, ['--results-dir', results]);
    assert.equal(ran.status, 0, explain('kpt fn render', ran));
    const sidecar = sidecarOf(find(objectsOf(readFileSync(join(dir, 'app.yaml'), 'utf8')), 'Deployment', 'web')) as Obj;
    assert.equal(sidecar['image'], 'docker.io/kumahq/kuma-dp:2.14.3', 'the explicit setting wins');
    const list = readFileSync(join(results, 'results.yaml'), 'utf8');
    assert.match(list, /injector\.sidecarContainer\.image: "docker\.io\/kumahq\/kuma-dp:2\.14\.3" contradicts the control plane/);
    assert.match(list, /code: KI0911/);
  });
});
