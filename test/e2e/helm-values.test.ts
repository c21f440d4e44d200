/**
 * The control plane's Helm values as the only source of the injector settings, through the real
 * binary: the app under the Argo CD CMP generate command (run as argocd-cmp-server runs it), whose
 * kuma-inject.yaml names only a values file, and a kpt package rendered by `kpt fn render`. The
 * values set non-default images and sidecar resources; the injected pods carry them, and the values
 * file is never applied as a manifest.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envWithKumaInject, explain, requireTool, sh } from './harness.ts';
import { find, objectsOf, sidecarOf, type Obj } from '../cli/kube-objects.ts';
import { shopApp } from '../cli/fixtures.ts';
import { generateCommand, simulateGenerate } from './argocd-simulation.ts';

const APP = shopApp('      - {name: web, image: nginx, ports: [{containerPort: 8080}]}');

/** Kong Mesh values (nested under kuma:), as its docs write them: a private registry, a patched dp tag, sidecar resources. */
const KONG_MESH_VALUES = `kuma:
  global:
    image:
      registry: registry.example.com/kong
  dataPlane:
    image:
      tag: 2.14.3-patched
    sidecarContainer:
      resources:
        requests: {cpu: 100m, memory: 128Mi}
        limits: {cpu: 800m, memory: 768Mi}
  controlPlane:
    envVars:
      KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_DRAIN_TIME: 40s
`;

function settings(extra = ''): string {
  return `apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: kuma-inject\n  annotations:\n    config.kubernetes.io/local-config: "true"\nhelmValues: [control-plane/values.yaml]\n${extra}`;
}

function assertFromValues(web: Obj): void {
  const sidecar = sidecarOf(web);
  assert.ok(sidecar, 'injected');
  assert.equal(sidecar['image'], 'registry.example.com/kong/kuma-dp:2.14.3-patched');
  assert.deepEqual(
    { cpu: sidecar['resources']['requests']['cpu'], memory: sidecar['resources']['requests']['memory'] },
    { cpu: '100m', memory: '128Mi' },
  );
  assert.deepEqual(
    { cpu: sidecar['resources']['limits']['cpu'], memory: sidecar['resources']['limits']['memory'] },
    { cpu: '800m', memory: '768Mi' },
  );
  const env = Object.fromEntries((sidecar['env'] as Obj[]).map((e) => [e['name'], e['value']]));
  assert.equal(env['KUMA_DATAPLANE_DRAIN_TIME'], '40s');
  assert.equal(env['KUMA_CONTROL_PLANE_URL'], 'https://kong-mesh-control-plane.kong-mesh-system:5678');
  const init = (web['spec']['template']['spec']['initContainers'] as Obj[]).find((c) => c['name'] === 'kuma-init');
  assert.equal(init?.['image'], 'registry.example.com/kong/kuma-init:2.14.3');
}

describe('Helm values of the control plane, end to end', () => {
  test("Argo CD: an app whose kuma-inject.yaml names only a values file renders with the values' images and resources; the values file is not applied", () => {
    requireTool('bash', 'the Argo CD simulation is a bash script');
    requireTool('tar', 'the Argo CD simulation copies the repo with tar like argocd-cmp-server');
    requireTool('timeout', 'the Argo CD simulation bounds the command like argocd-cmp-server');
    const repo = mkdtempSync(join(tmpdir(), 'kuma-inject-helm-argo-'));
    const app = join(repo, 'apps/shop');
    mkdirSync(join(app, 'control-plane'), { recursive: true });
    writeFileSync(join(app, 'app.yaml'), APP);
    writeFileSync(join(app, 'kuma-inject.yaml'), settings());
    writeFileSync(join(app, 'control-plane/values.yaml'), KONG_MESH_VALUES);
    const { ran, objects } = simulateGenerate(repo, 'apps/shop', generateCommand(), { APP_NS: 'shop' });
    assert.equal(ran.status, 0, explain('generate', ran));
    assert.deepEqual(objects.map((o) => o['kind']).sort(), ['Deployment', 'Namespace']);
    assertFromValues(find(objects, 'Deployment', 'web'));
    assert.match(ran.stderr, /kong-mesh chart 2\.14\.3.*\[KI0953\]/);
  });

  test("kpt fn render: a package whose KumaInject names only a values file (kept out of the resources by .krmignore) is injected with the values' settings", () => {
    requireTool('kpt', 'the kpt render case runs it');
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-helm-kpt-'));
    const pkg = join(dir, 'shop');
    mkdirSync(join(pkg, 'control-plane'), { recursive: true });
    writeFileSync(
      join(pkg, 'Kptfile'),
      'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: shop\n  annotations:\n    config.kubernetes.io/local-config: "true"\npipeline:\n  mutators:\n    - exec: kuma-inject\n      configPath: kuma-inject.yaml\n',
    );
    writeFileSync(join(pkg, '.krmignore'), 'control-plane/\n');
    writeFileSync(join(pkg, 'kuma-inject.yaml'), settings('previews: "off"\n'));
    writeFileSync(join(pkg, 'app.yaml'), APP);
    writeFileSync(join(pkg, 'control-plane/values.yaml'), KONG_MESH_VALUES);
    // helmValues are relative to where kuma-inject runs: kpt runs exec functions in its own working directory.
    const ran = sh('kpt', ['fn', 'render', '--allow-exec', 'shop'], { cwd: pkg.replace(/\/shop$/, ''), env: envWithKumaInject() });
    assert.notEqual(ran.status, 0, 'relative to the directory kpt runs in, control-plane/values.yaml does not exist');
    assert.match(ran.stderr, /helmValues: control-plane\/values\.yaml: no such file/);
    assert.equal(readFileSync(join(pkg, 'app.yaml'), 'utf8'), APP, 'a failed render writes nothing');
    const fromPkg = sh('kpt', ['fn', 'render', '--allow-exec', '.'], { cwd: pkg, env: envWithKumaInject() });
    assert.equal(fromPkg.status, 0, explain('kpt fn render', fromPkg));
    assertFromValues(find(objectsOf(readFileSync(join(pkg, 'app.yaml'), 'utf8')), 'Deployment', 'web'));
    assert.equal(readFileSync(join(pkg, 'control-plane/values.yaml'), 'utf8'), KONG_MESH_VALUES, 'the values file is untouched');
    assert.deepEqual(readdirSync(pkg).sort(), ['.krmignore', 'Kptfile', 'app.yaml', 'control-plane', 'kuma-inject.yaml']);
  });
});
