import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { explain, gitRepoWith, kptRender, REPO } from './harness.ts';
import { find, objectsOf, sidecarOf, type Obj } from '../cli/kube-objects.ts';

describe('ContainerPatches in two namespaces (kpt fn render)', () => {
  test('only the system-namespace patch applies; a warning names the other one', () => {
    const dir = gitRepoWith(['container-patch-namespaces'], join(REPO, 'test/fixtures/e2e'));
    const pkg = join(dir, 'container-patch-namespaces');
    const resultsDir = mkdtempSync(join(tmpdir(), 'kuma-inject-results-'));
    const ran = kptRender(pkg, ['--results-dir', resultsDir]);
    assert.equal(ran.status, 0, explain('kpt fn render', ran));

    const sidecar = sidecarOf(find(objectsOf(readFileSync(join(pkg, 'app.yaml'), 'utf8')), 'Deployment', 'cart'));
    assert.ok(sidecar, 'cart has kuma-sidecar');
    assert.equal(sidecar['resources']?.['limits']?.['memory'], '256Mi', 'the kong-mesh-system patch applied');
    assert.ok(!((sidecar['args'] as string[] | undefined) ?? []).includes('--log-level=debug'), 'the store patch did not');

    const resultList = parse(readFileSync(join(resultsDir, 'results.yaml'), 'utf8')) as Obj;
    const results = ((resultList['items'] as Obj[])[0]?.['results'] as Obj[] | undefined) ?? [];
    const warning = results.find(
      (r) =>
        r['severity'] === 'warning' &&
        ((r['resourceRef']?.['kind'] === 'ContainerPatch' &&
          r['resourceRef']?.['namespace'] === 'store' &&
          r['resourceRef']?.['name'] === 'tune') ||
          /store\/tune/.test(String(r['message']))),
    );
    assert.ok(warning, `a warning about ContainerPatch store/tune in:\n${JSON.stringify(results, null, 2)}`);
    assert.match(String(warning['message']), /kong-mesh-system/, 'the warning says where patches are read from');
    assert.match(ran.stderr + ran.stdout, /\[warning\]/);
  });
});
