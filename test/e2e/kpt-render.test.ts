import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { commitAll, explain, git, gitRepoWith, kptRender, REPO } from './harness.ts';
import { find, isLocalConfig, objectsOf, sidecarOf, type Obj } from '../cli/kube-objects.ts';

/** Every object of every YAML file of a package, with the file it came from. */
function packageObjects(dir: string): { file: string; object: Obj }[] {
  const out: { file: string; object: Obj }[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry.name) || entry.name === 'Kptfile')
        for (const object of objectsOf(readFileSync(path, 'utf8'))) out.push({ file: relative(dir, path), object });
    }
  };
  walk(dir);
  return out;
}

/** Renders twice: the first render injects, the second changes nothing at all. */
function renderTwice(dir: string): { objects: { file: string; object: Obj }[]; firstDiff: string } {
  const first = kptRender(dir);
  assert.equal(first.status, 0, explain('first kpt fn render', first));
  const firstDiff = git(dir, 'diff');
  commitAll(dir, 'first render');
  const second = kptRender(dir);
  assert.equal(second.status, 0, explain('second kpt fn render', second));
  assert.equal(git(dir, 'status', '--porcelain'), '', 'the second render leaves no new or changed file');
  assert.equal(git(dir, 'diff'), '', 'the second render changes nothing');
  return { objects: packageObjects(dir), firstDiff };
}

/** What each catalog example promises in its README, checked on the rendered files. */
const VARIANT_CHECKS: Record<string, (workloads: Obj[]) => void> = {
  'kong-mesh-basic': ([orders]) => {
    const spec = orders?.['spec']['template']['spec'];
    const sidecar = (spec['initContainers'] as Obj[]).find((c) => c['name'] === 'kuma-sidecar');
    assert.equal(sidecar?.['restartPolicy'], 'Always', 'native sidecar: an init container with restartPolicy Always');
    assert.equal((spec['initContainers'] as Obj[])[0]?.['name'], 'kuma-init', 'kuma-init runs first');
    assert.match(String(sidecar?.['image']), /^docker\.io\/kong\/kuma-dp:2\.14\./);
  },
  'kuma-2.13-classic': ([ledger]) => {
    const spec = ledger?.['spec']['template']['spec'];
    const sidecar = (spec['containers'] as Obj[]).find((c) => c['name'] === 'kuma-sidecar');
    assert.ok(sidecar, 'classic layout: kuma-sidecar among the containers');
    assert.match(String(sidecar['image']), /^docker\.io\/kumahq\/kuma-dp:2\.13\./);
    assert.match(JSON.stringify(sidecar['env']), /kuma-control-plane\.kuma-system/);
  },
  'container-patch': ([search]) => {
    const sidecar = search === undefined ? undefined : sidecarOf(search);
    assert.ok((sidecar?.['args'] as string[]).includes('--log-level=debug'), 'the injector-config patch applied');
    assert.equal(sidecar?.['resources']?.['limits']?.['memory'], '1Gi', 'the pod-annotation patch applied');
  },
};

describe('kpt fn render --allow-exec', () => {
  test('the root example package: sidecars injected on the first render, nothing changes on the second', () => {
    const dir = gitRepoWith(['Kptfile', '.krmignore', 'example']);
    const { objects, firstDiff } = renderTwice(dir);
    const all = objects.map((o) => o.object);
    assert.ok(sidecarOf(find(all, 'Deployment', 'web')), 'web has kuma-sidecar on disk');
    assert.ok(sidecarOf(find(all, 'CronJob', 'cleanup')), 'cleanup has kuma-sidecar on disk');
    assert.match(firstDiff, /^\+.*kuma-sidecar/m);
    const previews = objects.filter((o) => o.object['kind'] === 'Dataplane');
    assert.ok(previews.length >= 2, 'a Dataplane preview per workload');
    for (const p of previews) {
      assert.ok(isLocalConfig(p.object), `${p.file}: previews are local-config`);
      assert.ok(p.file.startsWith('example/kuma-previews/'), `${p.file}: previews go to the configured previewsDir`);
    }
    assert.deepEqual(
      objects.filter((o) => o.object['kind'] === 'Kptfile').map((o) => o.file),
      ['Kptfile'],
      'the Kptfile stays where it is',
    );
  });

  test('rendering the repository root renders every package with its own settings, fixtures left alone', () => {
    const dir = gitRepoWith(['Kptfile', '.krmignore', 'example', 'functions', 'test/fixtures/e2e']);
    // gitRepoWith activates fixture Kptfiles for the tests that need them; here they stay inert.
    for (const kptfile of git(dir, 'ls-files', 'test/fixtures/e2e')
      .split('\n')
      .filter((f) => f.endsWith('/Kptfile')))
      git(dir, 'mv', kptfile, `${kptfile}.fixture`);
    commitAll(dir, 'fixtures as stored in the repository');
    const ran = kptRender(dir);
    assert.equal(ran.status, 0, explain('kpt fn render of the repository root', ran));
    const changed = git(dir, 'diff', '--name-only')
      .split('\n')
      .filter((l) => l !== '');
    assert.deepEqual(
      changed.filter((f) => f.startsWith('test/')),
      [],
      'test fixtures are not packages and stay untouched',
    );
    const classic = packageObjects(join(dir, 'functions/kuma-inject/examples/kuma-2.13-classic')).map((o) => o.object);
    assert.match(
      String(sidecarOf(find(classic, 'StatefulSet', 'ledger'))?.['image']),
      /kumahq\/kuma-dp:2\.13\./,
      'the 2.13 example keeps its own settings',
    );
    assert.ok(
      sidecarOf(
        find(
          packageObjects(join(dir, 'example')).map((o) => o.object),
          'Deployment',
          'web',
        ),
      ),
    );
    commitAll(dir, 'rendered');
    const again = kptRender(dir);
    assert.equal(again.status, 0, explain('second kpt fn render of the repository root', again));
    assert.equal(git(dir, 'status', '--porcelain'), '', 'a second render of the repository is a no-op');
  });

  for (const variant of readdirSync(join(REPO, 'functions/kuma-inject/examples')).sort()) {
    test(`catalog example ${variant}: injects, and a second render is a no-op`, () => {
      const dir = gitRepoWith([variant], join(REPO, 'functions/kuma-inject/examples'));
      const { objects } = renderTwice(join(dir, variant));
      const workloads = objects
        .map((o) => o.object)
        .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job'].includes(o['kind']));
      assert.ok(workloads.length > 0);
      for (const w of workloads) assert.ok(sidecarOf(w), `${w['kind']} ${w['metadata']['name']} has kuma-sidecar`);
      VARIANT_CHECKS[variant]?.(workloads);
    });
  }
});
