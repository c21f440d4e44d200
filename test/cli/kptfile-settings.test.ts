import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kptfileSettings } from '../../src/cli/kptfile-settings.ts';
import { REPO, runCli } from './cli-run.ts';
import { find, objectsOf, sidecarOf } from './kube-objects.ts';

function kptfile(pipeline: string): string {
  return `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: pkg\n${pipeline}`;
}

/** The example package as a kpt package whose Kptfile gives kuma-inject a ConfigMap of flat keys. */
function configMapPackage(): string {
  const pkg = join(mkdtempSync(join(tmpdir(), 'kuma-inject-kptpkg-')), 'pkg');
  cpSync(join(REPO, 'example'), pkg, { recursive: true });
  rmSync(join(pkg, 'kuma-inject.yaml'));
  writeFileSync(join(pkg, 'Kptfile'), kptfile('pipeline:\n  mutators:\n    - exec: kuma-inject\n      configPath: kuma-settings.yaml\n'));
  writeFileSync(
    join(pkg, 'kuma-settings.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kuma-settings\n  annotations:\n    config.kubernetes.io/local-config: "true"\ndata:\n  product: kuma\n  version: "2.13"\n  sidecarContainers: "true"\n  systemNamespace: kong-mesh-system\n',
  );
  return pkg;
}

describe('kptfileSettings: the settings a Kptfile gives its kuma-inject mutator', () => {
  test('exec (with flags, by path) and image mutators; configPath, inline configMap; other functions and no Kptfile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-kptfile-'));
    assert.deepEqual(await kptfileSettings(dir), { kind: 'none' });
    writeFileSync(
      join(dir, 'Kptfile'),
      kptfile(
        'pipeline:\n  mutators:\n    - image: gcr.io/kpt-fn/set-namespace:v0.4\n      configMap: {namespace: x}\n    - exec: ./bin/kuma-inject --previews off\n      configPath: settings.yaml\n',
      ),
    );
    writeFileSync(join(dir, 'settings.yaml'), 'kind: KumaInject\n');
    assert.deepEqual(await kptfileSettings(dir), { kind: 'file', path: join(dir, 'settings.yaml'), configPath: 'settings.yaml' });
    writeFileSync(
      join(dir, 'Kptfile'),
      kptfile('pipeline:\n  mutators:\n    - image: ghcr.io/example/kuma-inject:0.1.0\n      configMap:\n        version: "2.13"\n'),
    );
    const inline = await kptfileSettings(dir);
    assert.equal(inline.kind, 'inline');
    assert.deepEqual(JSON.parse(inline.kind === 'inline' ? inline.text : '{}')['data'], { version: '2.13' });
    writeFileSync(join(dir, 'Kptfile'), kptfile('pipeline:\n  mutators:\n    - exec: kuma-inject-other\n      configPath: x.yaml\n'));
    assert.deepEqual(await kptfileSettings(dir), { kind: 'none' });
    writeFileSync(join(dir, 'Kptfile'), 'pipeline: [\n');
    assert.equal((await kptfileSettings(dir)).kind, 'error');
  });

  test('a Kptfile kpt cannot read, or reads otherwise, is an error naming the field, not the defaults', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-kptfile-'));
    const settingsOf = async (mutators: string): Promise<Awaited<ReturnType<typeof kptfileSettings>>> => {
      writeFileSync(join(dir, 'Kptfile'), kptfile(`pipeline:\n  mutators:${mutators}`));
      return kptfileSettings(dir);
    };
    const refused = async (mutators: string, message: RegExp): Promise<void> => {
      const got = await settingsOf(mutators);
      assert.equal(got.kind, 'error', `${mutators}: ${JSON.stringify(got)}`);
      if (got.kind === 'error') assert.match(got.message, message);
    };
    // Each of these kpt itself refuses (checked with kpt 1.0.0-beta.56).
    await refused('\n    exec: kuma-inject\n', /Kptfile: pipeline\.mutators is not a list; kpt cannot read this Kptfile/);
    await refused(
      '\n    - image: gcr.io/kpt-fn/set-namespace:v0.4\n    - exec: kuma-inject\n      configPath: s.yaml\n      configMap: {version: "2.13"}\n',
      /pipeline\.mutators\[1\] sets both configPath and configMap, which kpt refuses/,
    );
    await refused(
      '\n    - exec: kuma-inject\n      configMap: {meshes: [a, b]}\n',
      /pipeline\.mutators\[0\]\.configMap\.meshes is a list; .*a list as a,b/,
    );
    await refused('\n    - exec: kuma-inject\n      configMap: [version]\n', /configMap is not a map of settings/);
    await refused('\n    - exec: kuma-inject\n      configPath: {file: s.yaml}\n', /configPath is not a file path/);
    // kpt reads a scalar configPath as the path it spells: the file "5", which is not there.
    await refused('\n    - exec: kuma-inject\n      configPath: 5\n', /configPath of the kuma-inject mutator/);
    writeFileSync(join(dir, '5'), 'kind: KumaInject\n');
    assert.deepEqual(await settingsOf('\n    - exec: kuma-inject\n      configPath: 5\n'), {
      kind: 'file',
      path: join(dir, '5'),
      configPath: '5',
    });
    // Scalars are the strings kpt hands the function.
    const inline = await settingsOf('\n    - exec: kuma-inject\n      configMap: {version: 2.13, sidecarContainers: true, zone: }\n');
    assert.equal(inline.kind, 'inline');
    assert.deepEqual(JSON.parse(inline.kind === 'inline' ? inline.text : '{}')['data'], {
      version: '2.13',
      sidecarContainers: 'true',
      zone: '',
    });
  });

  test('configPath and the Kptfile itself must be files of the package: outside paths and symlinks out are errors naming the setting, never the content', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'kuma-inject-outside-'));
    writeFileSync(join(outside, 'secret.yaml'), 'SECRET-CONTENT: 1\n');
    const cases: { configPath: string; prepare?: (dir: string) => void }[] = [
      { configPath: join(outside, 'secret.yaml') },
      { configPath: '../secret.yaml', prepare: (dir) => writeFileSync(join(dir, '..', 'secret.yaml'), 'SECRET-CONTENT: 1\n') },
      { configPath: 'linked.yaml', prepare: (dir) => symlinkSync(join(outside, 'secret.yaml'), join(dir, 'linked.yaml')) },
      { configPath: 'via/secret.yaml', prepare: (dir) => symlinkSync(outside, join(dir, 'via')) },
      { configPath: 'missing.yaml' },
    ];
    for (const { configPath, prepare } of cases) {
      const parent = mkdtempSync(join(tmpdir(), 'kuma-inject-kptfile-'));
      const dir = join(parent, 'pkg');
      mkdirSync(dir);
      prepare?.(dir);
      writeFileSync(
        join(dir, 'Kptfile'),
        kptfile(`pipeline:\n  mutators:\n    - exec: kuma-inject\n      configPath: ${JSON.stringify(configPath)}\n`),
      );
      const found = await kptfileSettings(dir);
      assert.equal(found.kind, 'error', configPath);
      if (found.kind === 'error') {
        assert.match(found.message, /^configPath of the kuma-inject mutator in .*Kptfile: /, configPath);
        assert.doesNotMatch(found.message, /SECRET-CONTENT/);
      }
      const r = await runCli(['-f', dir]);
      assert.equal(r.code, 2, configPath);
      assert.doesNotMatch(r.stderr + r.stdout, /SECRET-CONTENT/);
    }
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-kptfile-'));
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'Kptfile'));
    const linked = await kptfileSettings(dir);
    assert.equal(linked.kind, 'error');
    if (linked.kind === 'error') assert.match(linked.message, /^Kptfile: Kptfile is a symbolic link .*outside the package folder/);
  });
});

describe('a kpt package read outside kpt renders with the settings kpt fn render uses', () => {
  test("-f PKG: the Kptfile's ConfigMap is the settings and stays out of the stream; --config wins", async () => {
    const pkg = configMapPackage();
    const r = await runCli(['-f', pkg]);
    assert.equal(r.code, 0, r.stderr);
    const objects = objectsOf(r.stdout);
    assert.match(String(sidecarOf(find(objects, 'Deployment', 'web'))?.['image']), /^docker\.io\/kumahq\/kuma-dp:2\.13\./);
    assert.deepEqual(
      objects.filter((o) => o['kind'] === 'ConfigMap' && o['metadata']['name'] === 'kuma-settings'),
      [],
    );
    assert.match(
      r.stderr,
      /^info: settings from .*kuma-settings\.yaml \(configPath of the kuma-inject mutator in .*Kptfile\), as kpt fn render uses them/m,
    );
    const config = await runCli(['-f', pkg, '--config', join(REPO, 'example/kuma-inject.yaml')]);
    assert.equal(config.code, 0, config.stderr);
    assert.match(String(sidecarOf(find(objectsOf(config.stdout), 'Deployment', 'web'))?.['image']), /^docker\.io\/kong\/kuma-dp:2\.14\./);
  });

  test("an invalid ConfigMap in the Kptfile's configPath is a usage error naming it", async () => {
    const pkg = configMapPackage();
    writeFileSync(
      join(pkg, 'kuma-settings.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kuma-settings\ndata:\n  versoin: "2.13"\n',
    );
    const r = await runCli(['-f', pkg]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /kuma-settings\.yaml \(configPath of the kuma-inject mutator in .*Kptfile\).*not valid/);
    const argo = await runCli(['argocd-generate'], { cwd: pkg });
    assert.equal(argo.code, 2);
    assert.equal(argo.stdout, '');
  });

  test("argocd-generate on the package: the Kptfile's settings (ConfigMap or inline configMap) unless kuma-inject.yaml is there", async () => {
    const pkg = configMapPackage();
    const r = await runCli(['argocd-generate'], { cwd: pkg });
    assert.equal(r.code, 0, r.stderr);
    assert.match(String(sidecarOf(find(objectsOf(r.stdout), 'Deployment', 'web'))?.['image']), /^docker\.io\/kumahq\/kuma-dp:2\.13\./);
    assert.match(
      r.stderr,
      /^info: argocd-generate: settings from kuma-settings\.yaml \(configPath of the kuma-inject mutator in Kptfile\)/m,
    );
    writeFileSync(
      join(pkg, 'Kptfile'),
      kptfile(
        'pipeline:\n  mutators:\n    - exec: kuma-inject\n      configMap:\n        product: kuma\n        systemNamespace: kong-mesh-system\n',
      ),
    );
    const inline = await runCli(['argocd-generate'], { cwd: pkg });
    assert.equal(inline.code, 0, inline.stderr);
    assert.match(String(sidecarOf(find(objectsOf(inline.stdout), 'Deployment', 'web'))?.['image']), /^docker\.io\/kumahq\/kuma-dp:2\.14\./);
  });
});
