import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, runCli } from './cli-run.ts';
import { find, isLocalConfig, objectsOf, sidecarOf } from './kube-objects.ts';

/** A copy of the example package as an Argo CD app directory (settings in kuma-inject.yaml). */
function appDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-app-'));
  cpSync(join(REPO, 'example'), dir, { recursive: true });
  cpSync(join(REPO, 'Kptfile'), join(dir, 'Kptfile'));
  return dir;
}

describe('Argo CD CMP generate (argocd-generate)', () => {
  test('prints only what Argo CD should apply: injected, no local-config objects, no previews, no settings', async () => {
    const dir = appDir();
    const r = await runCli(['argocd-generate'], { cwd: dir, env: { ARGOCD_APP_NAME: 'shop' } });
    assert.equal(r.code, 0, r.stderr);
    const objects = objectsOf(r.stdout);
    assert.ok(sidecarOf(find(objects, 'Deployment', 'web')));
    assert.deepEqual(objects.filter(isLocalConfig), []);
    assert.deepEqual(
      objects.filter((o) => ['Dataplane', 'KumaInject', 'Kptfile'].includes(o['kind'])),
      [],
    );
    assert.deepEqual(objects.map((o) => o['kind']).sort(), ['ContainerPatch', 'CronJob', 'Deployment', 'Namespace', 'Service']);
  });

  test("a kuma-inject.yaml that is also a kustomize transformer config: its argsOneLiner / argsFromFile flags count, below Argo CD's", async () => {
    const dir = appDir();
    const settings = join(dir, 'kuma-inject.yaml');
    writeFileSync(settings, `${readFileSync(settings, 'utf8')}argsOneLiner: --product kuma\nargsFromFile: more-args.txt\n`);
    writeFileSync(join(dir, 'more-args.txt'), '  --version\n\n2.13\n');
    const r = await runCli(['argocd-generate'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      String(sidecarOf(find(objectsOf(r.stdout), 'Deployment', 'web'))?.['image']),
      /^docker\.io\/kumahq\/kuma-dp:2\.13\./,
      'product from argsOneLiner, version from argsFromFile',
    );
    const param = await runCli(['argocd-generate'], { cwd: dir, env: { PARAM_PRODUCT: 'kong-mesh' } });
    assert.equal(param.code, 0, param.stderr);
    assert.match(
      String(sidecarOf(find(objectsOf(param.stdout), 'Deployment', 'web'))?.['image']),
      /^docker\.io\/kong\/kuma-dp:2\.13\./,
      "a parameter wins over the file's flags",
    );
    writeFileSync(join(dir, 'more-args.txt'), '--previews\ninline\n');
    const bad = await runCli(['argocd-generate'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /settings file kuma-inject\.yaml, argsFromFile more-args\.txt, line 2: not a setting flag/);
    rmSync(join(dir, 'more-args.txt'));
    const missing = await runCli(['argocd-generate'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /argsFromFile: more-args\.txt: no such file/);
  });

  test('a Helm chart directory: a clear refusal naming the chart, not a YAML error about Chart.yaml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-chart-'));
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: payments\nversion: 0.3.1\n');
    mkdirSync(join(dir, 'templates'));
    writeFileSync(
      join(dir, 'templates/deployment.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
    );
    const r = await runCli(['argocd-generate'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /holds a Helm chart \(Chart\.yaml\); argocd-generate renders plain manifests and kustomizations, not charts/);
    assert.doesNotMatch(r.stderr, /has no kind/);
  });

  test('settings from ARGOCD_ENV_* and PARAM_* (parameters win)', async () => {
    const r = await runCli(['argocd-generate'], { cwd: appDir(), env: { ARGOCD_ENV_PRODUCT: 'kong-mesh', PARAM_PRODUCT: 'kuma' } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(String(sidecarOf(find(objectsOf(r.stdout), 'Deployment', 'web'))?.['image']), /kumahq\/kuma-dp:/);
  });

  test('a manifest that is not valid YAML: non-zero exit, nothing on stdout, file, line and column on stderr', async () => {
    const dir = appDir();
    writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n');
    const r = await runCli(['argocd-generate'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: input line \d+ \(broken\.yaml line 4\), column 1 .*not valid YAML/m);
    assert.match(r.stderr, /the manifests are not valid YAML objects; nothing rendered/);
  });

  test('an unknown parameter is a warning on stderr naming it; the render still succeeds', async () => {
    const r = await runCli(['argocd-generate'], { cwd: appDir(), env: { PARAM_PRODUKT: 'kuma' } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^warning: argocd-generate: PARAM_PRODUKT: no setting has this parameter name, so it is ignored; did you mean product \(PARAM_PRODUCT\)\?/m,
    );
    assert.match(
      String(sidecarOf(find(objectsOf(r.stdout), 'Deployment', 'web'))?.['image']),
      /kong\/kuma-dp:/,
      'the misspelt parameter did not apply',
    );
  });

  test('namespace-less manifests are injected for the destination namespace Argo CD applies them to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-dest-'));
    writeFileSync(
      join(dir, 'app.yaml'),
      [
        'apiVersion: v1',
        'kind: Namespace',
        'metadata: {name: shop, labels: {kuma.io/sidecar-injection: enabled}}',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec: {containers: [{name: web, image: nginx}]}',
        '',
      ].join('\n'),
    );
    const unknown = await runCli(['argocd-generate'], { cwd: dir, env: {} });
    assert.equal(sidecarOf(find(objectsOf(unknown.stdout), 'Deployment', 'web')), undefined);
    assert.match(unknown.stderr, /metadata\.namespace/);
    const r = await runCli(['argocd-generate'], { cwd: dir, env: { ARGOCD_APP_NAMESPACE: 'shop' } });
    assert.equal(r.code, 0, r.stderr);
    const web = find(objectsOf(r.stdout), 'Deployment', 'web');
    assert.ok(sidecarOf(web));
    assert.equal((web?.['metadata'] as { namespace?: string }).namespace, undefined, 'the manifest keeps having no namespace');
  });

  test('a directory argument instead of the cwd', async () => {
    const r = await runCli(['argocd-generate', appDir()], { cwd: tmpdir() });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(sidecarOf(find(objectsOf(r.stdout), 'Deployment', 'web')));
  });

  test('an app with nothing to apply fails instead of printing an empty render', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'kuma-inject-empty-'));
    const r = await runCli(['argocd-generate'], { cwd: empty });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /refusing an empty render/);

    const onlyLocal = mkdtempSync(join(tmpdir(), 'kuma-inject-local-'));
    cpSync(join(REPO, 'Kptfile'), join(onlyLocal, 'Kptfile.yaml'));
    const r2 = await runCli(['argocd-generate'], { cwd: onlyLocal });
    assert.equal(r2.code, 1);
    assert.equal(r2.stdout, '');
    assert.match(r2.stderr, /refusing an empty render/);
  });

  test('injection errors: non-zero exit, nothing on stdout, the reason on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-err-'));
    for (const f of ['web.yaml', 'namespace.yaml', 'kuma-inject.yaml']) cpSync(join(REPO, 'example', f), join(dir, f));
    const r = await runCli(['argocd-generate'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /sidecar-resources/);
    assert.match(r.stderr, /nothing rendered/);
  });

  test('bad plugin env is a configuration error (exit 2) that says where to fix it', async () => {
    const r = await runCli(['argocd-generate'], { cwd: appDir(), env: { ARGOCD_ENV_SIDECAR_CONTAINERS: 'maybe' } });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /ARGOCD_ENV_SIDECAR_CONTAINERS: expected true or false .*spec\.source\.plugin/);
    const r2 = await runCli(['argocd-generate'], { cwd: appDir(), env: { PARAM_VERSION: '9.9' } });
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /version/);
  });

  test('CONFIG names a settings file elsewhere in the app', async () => {
    const dir = appDir();
    rmSync(join(dir, 'kuma-inject.yaml'));
    mkdirSync(join(dir, 'mesh'));
    writeFileSync(
      join(dir, 'mesh', 'settings.yaml'),
      'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: s, annotations: {config.kubernetes.io/local-config: "true"}}\nproduct: kuma\nsystemNamespace: kong-mesh-system\n',
    );
    const r = await runCli(['argocd-generate'], { cwd: dir, env: { ARGOCD_ENV_CONFIG: 'mesh/settings.yaml' } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(String(sidecarOf(find(objectsOf(r.stdout), 'Deployment', 'web'))?.['image']), /kumahq\/kuma-dp:/);
  });
});
