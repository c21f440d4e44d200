/**
 * `--helm-values FILE` and `helmValues:` through the CLI: command-line files read as given (a
 * missing one is a usage error), settings paths confined to the directory kuma-inject runs in
 * (symlinks resolved; the refusal names the path, never the content), values files inside a -f
 * folder left out of the manifests, and the values' images and resources in the injected pod with
 * explicit settings still winning.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCli } from './cli-run.ts';
import { confinedHelmValuesPath, helmValuesReader } from '../../src/cli/helm-values-files.ts';
import { parseArgs } from '../../src/cli/args.ts';
import { shopApp } from './fixtures.ts';

const APP = shopApp('      - {name: web, image: nginx}');

const VALUES = `global:
  image:
    registry: registry.example.com/mesh
dataPlane:
  sidecarContainer:
    resources:
      limits: {cpu: 750m, memory: 1Gi}
`;

function workspace(): { dir: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'kuma-inject-helm-values-'));
  const dir = join(base, 'repo');
  mkdirSync(join(dir, 'k8s'), { recursive: true });
  mkdirSync(join(dir, 'cp'));
  const outside = join(base, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'values.yaml'), 'SECRET: do-not-echo\n');
  writeFileSync(join(dir, 'k8s/app.yaml'), APP);
  writeFileSync(join(dir, 'cp/values.yaml'), VALUES);
  return { dir, outside };
}

type Obj = Record<string, any>;
function sidecar(stdout: string): Obj | undefined {
  const web = parseAllDocuments(stdout)
    .map((d) => d.toJS() as Obj)
    .find((o) => o?.['kind'] === 'Deployment');
  const spec = web?.['spec'].template.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].find((c: Obj) => c['name'] === 'kuma-sidecar');
}

describe('--helm-values and helmValues: on the command line', () => {
  test('--helm-values is repeatable, keeps the order, and needs a file', () => {
    const parsed = parseArgs(['-f', 'a.yaml', '--helm-values', 'one.yaml', '--helm-values=two.yaml']);
    assert.equal(parsed.mode, 'stream');
    assert.deepEqual(parsed.mode === 'stream' ? parsed.helmValues : [], ['one.yaml', 'two.yaml']);
    const bare = parseArgs(['-f', 'a.yaml', '--helm-values']);
    assert.equal(bare.mode, 'usage-error');
    assert.match(bare.mode === 'usage-error' ? bare.message : '', /--helm-values needs a FILE/);
  });

  test("the values' images and resources reach the injected pod; a values file inside the -f folder is not read as a manifest", async () => {
    const { dir } = workspace();
    writeFileSync(join(dir, 'k8s/cp-values.yaml'), VALUES);
    const ran = await runCli(['-f', 'k8s/', '--helm-values', 'k8s/cp-values.yaml', '--product', 'kuma'], { cwd: dir });
    assert.equal(ran.code, 0, ran.stderr);
    const kuma = sidecar(ran.stdout);
    assert.equal(kuma?.['image'], 'registry.example.com/mesh/kuma-dp:2.14.3');
    assert.equal(kuma?.['resources']['limits']['cpu'], '750m');
    assert.equal(kuma?.['resources']['limits']['memory'], '1Gi');
    assert.match(ran.stderr, /KI0953/);
    assert.doesNotMatch(ran.stdout, /registry: registry\.example\.com/, 'the values file is not in the output');
  });

  test('later files win; an explicit flag still wins over the values, with a warning that the cluster differs', async () => {
    const { dir } = workspace();
    writeFileSync(join(dir, 'cp/prod.yaml'), 'global:\n  image:\n    registry: prod.example.com/mesh\n');
    const ran = await runCli(
      ['-f', 'k8s/', '--helm-values', 'cp/values.yaml', '--helm-values', 'cp/prod.yaml', '--init-image', 'mine/kuma-init:1'],
      { cwd: dir },
    );
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(sidecar(ran.stdout)?.['image'], 'prod.example.com/mesh/kuma-dp:2.14.3');
    assert.match(ran.stdout, /image: mine\/kuma-init:1/);
    assert.match(ran.stderr, /injector\.initContainer\.image.*contradicts.*\[KI0911\]/);
  });

  test('a --helm-values file that does not exist is a usage error (exit 2) naming it; values the chart refuses fail the run (exit 1, nothing on stdout)', async () => {
    const { dir } = workspace();
    const missing = await runCli(['-f', 'k8s/', '--helm-values', 'nope.yaml'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--helm-values nope\.yaml: no such file/);
    writeFileSync(join(dir, 'cp/bad.yaml'), 'controlPlane:\n  mode: remote\n');
    const bad = await runCli(['-f', 'k8s/', '--helm-values', 'cp/bad.yaml'], { cwd: dir });
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /controlPlane\.mode invalid.*\[KI0951\]/);
  });

  test('helmValues: in the settings file is read relative to the working directory', async () => {
    const { dir } = workspace();
    writeFileSync(
      join(dir, 'settings.yaml'),
      'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: s}\nhelmValues: [cp/values.yaml]\n',
    );
    const ran = await runCli(['-f', 'k8s/', '--config', 'settings.yaml'], { cwd: dir });
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(sidecar(ran.stdout)?.['image'], 'registry.example.com/mesh/kuma-dp:2.14.3');
  });

  test('helmValues: paths that leave the working directory are refused without echoing the file', async () => {
    const { dir, outside } = workspace();
    symlinkSync(join(outside, 'values.yaml'), join(dir, 'cp/link.yaml'));
    symlinkSync(outside, join(dir, 'cp/out'));
    symlinkSync(join(outside, 'gone.yaml'), join(dir, 'cp/dangling.yaml'));
    for (const path of [
      '../outside/values.yaml',
      join(outside, 'values.yaml'),
      'cp/link.yaml',
      'cp/out/values.yaml',
      'cp/dangling.yaml',
      'cp',
    ]) {
      writeFileSync(
        join(dir, 'settings.yaml'),
        `apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: s}\nhelmValues: [${JSON.stringify(path)}]\n`,
      );
      const ran = await runCli(['-f', 'k8s/', '--config', 'settings.yaml'], { cwd: dir });
      assert.equal(ran.code, 1, path);
      assert.equal(ran.stdout, '', path);
      assert.match(ran.stderr, /helmValues: .*\[KI0950\]/, path);
      assert.doesNotMatch(ran.stderr, /do-not-echo/, path);
    }
  });

  test('argocd-generate: helmValues: of kuma-inject.yaml and --helm-values of the plugin command are no manifests of the app, and both give the settings', async () => {
    const { dir } = workspace();
    const app = join(dir, 'k8s');
    writeFileSync(join(app, 'cp-values.yaml'), VALUES);
    writeFileSync(
      join(app, 'kuma-inject.yaml'),
      'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: s}\nproduct: kuma\nhelmValues: [cp-values.yaml]\n',
    );
    const fromSettings = await runCli(['argocd-generate'], { cwd: app, env: { ARGOCD_APP_NAMESPACE: 'shop' } });
    assert.equal(fromSettings.code, 0, fromSettings.stderr);
    assert.equal(sidecar(fromSettings.stdout)?.['image'], 'registry.example.com/mesh/kuma-dp:2.14.3');
    assert.doesNotMatch(fromSettings.stdout, /registry\.example\.com\/mesh\n/);
    writeFileSync(
      join(app, 'kuma-inject.yaml'),
      'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: s}\nproduct: kuma\n',
    );
    const fromFlag = await runCli(['argocd-generate', '--helm-values', 'cp-values.yaml'], {
      cwd: app,
      env: { ARGOCD_APP_NAMESPACE: 'shop' },
    });
    assert.equal(fromFlag.code, 0, fromFlag.stderr);
    assert.equal(sidecar(fromFlag.stdout)?.['image'], 'registry.example.com/mesh/kuma-dp:2.14.3');
    const missing = await runCli(['argocd-generate', '--helm-values', 'gone.yaml'], { cwd: app, env: { ARGOCD_APP_NAMESPACE: 'shop' } });
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
  });

  test('the confined reader: inside is read, outside is refused, a folder is refused', () => {
    const { dir, outside } = workspace();
    assert.equal(confinedHelmValuesPath(dir, 'cp/values.yaml').ok, true);
    assert.equal(confinedHelmValuesPath(dir, join(outside, 'values.yaml')).ok, false);
    assert.equal(confinedHelmValuesPath(dir, '../outside/values.yaml').ok, false);
    const folder = confinedHelmValuesPath(dir, 'cp');
    assert.ok(!folder.ok && /not a regular file/.test(folder.error));
    const read = helmValuesReader(dir)('cp/values.yaml');
    assert.ok(!('error' in read) && read.text === VALUES && read.source === 'cp/values.yaml');
  });
  // Every command-line mode reads the control plane's values the same way (src/cli/side-inputs.ts,
  // commandLineFiles): the render's KI0953 names the values file whichever mode ran.
  for (const [mode, args] of [
    ['stream', []],
    ['check', ['check']],
    ['analyze', ['analyze']],
  ] as const) {
    test(`${mode}: --helm-values and helmValues: in the settings are both rendered`, async () => {
      const { dir } = workspace();
      writeFileSync(
        join(dir, 'settings.yaml'),
        'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: s}\nhelmValues: [cp/values.yaml]\n',
      );
      for (const given of [
        ['--helm-values', 'cp/values.yaml'],
        ['--config', 'settings.yaml'],
      ]) {
        const ran = await runCli([...args, '-f', 'k8s/', ...given], { cwd: dir });
        assert.ok(ran.code === 0 || (mode === 'check' && ran.code === 3), `${mode} ${given.join(' ')}: exit ${ran.code}\n${ran.stderr}`);
        assert.match(ran.stderr, /KI0953/, `${mode} ${given.join(' ')}:\n${ran.stderr}`);
        assert.match(ran.stderr, /cp\/values\.yaml/, `${mode} ${given.join(' ')}: the message names the values file`);
      }
    });
  }
});
