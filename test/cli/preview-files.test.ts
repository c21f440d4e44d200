import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePreviews } from '../../src/cli/preview-files.ts';
import { runCli } from './cli-run.ts';

describe('writePreviews', () => {
  test('writes each preview at its path under the folder, creating folders', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'previews-'));
    const written = await writePreviews(dir, [
      { path: 'shop/deployment-web.yaml', text: 'kind: Dataplane\n' },
      { path: 'batch/cronjob-cleanup.yaml', text: 'kind: Dataplane\nmetadata: {name: c}\n' },
    ]);
    assert.equal(written, 2);
    assert.deepEqual((await readdir(dir)).sort(), ['batch', 'shop']);
    assert.equal(await readFile(join(dir, 'shop/deployment-web.yaml'), 'utf8'), 'kind: Dataplane\n');
  });

  test('two previews for one path become one multi-document file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'previews-'));
    await writePreviews(dir, [
      { path: 'shop/deployment-web.yaml', text: 'kind: Dataplane\n' },
      { path: 'shop/deployment-web.yaml', text: 'kind: ZoneIngress\n' },
    ]);
    assert.equal(await readFile(join(dir, 'shop/deployment-web.yaml'), 'utf8'), 'kind: Dataplane\n---\nkind: ZoneIngress\n');
  });
});

// A Service's namespace and name make its MeshService preview's path, as a workload's make its
// Dataplane's: a namespace of `..` once put the preview beside the previews folder, over a file of
// the package, under --in-place.
test('a Service whose namespace is not a namespace name gets no MeshService preview file: KI0518, nothing written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-meshservice-name-'));
  mkdirSync(join(dir, 'pkg'));
  const victim = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: keep, namespace: shop}\ndata: {a: b}\n';
  writeFileSync(join(dir, 'pkg', 'service-victim.yaml'), victim);
  writeFileSync(
    join(dir, 'pkg', 'app.yaml'),
    'apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata: {name: default}\nspec: {meshServices: {mode: Exclusive}}\n---\n' +
      'apiVersion: v1\nkind: Service\nmetadata: {name: victim, namespace: ".."}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n',
  );
  writeFileSync(
    join(dir, 'settings.yaml'),
    'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: s}\nnamespaces: {"..": {labels: {kuma.io/sidecar-injection: enabled}}}\n',
  );
  const r = await runCli(['-f', 'pkg', '--config', 'settings.yaml', '--in-place', '--previews', 'kuma-previews'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /Service \.\.\/victim, metadata\.namespace: "\.\." is not a valid namespace name.*MeshService preview file.*\[KI0518\]/,
  );
  assert.equal(readFileSync(join(dir, 'pkg', 'service-victim.yaml'), 'utf8'), victim);
  assert.deepEqual(readdirSync(join(dir, 'pkg')).sort(), ['app.yaml', 'service-victim.yaml']);
});
