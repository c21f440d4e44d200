import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explain, git, gitRepoWith, kptRender, REPO } from './harness.ts';
import { find, objectsOf, sidecarOf } from '../cli/kube-objects.ts';

const FIXTURE = join(REPO, 'test/fixtures/e2e');
const FILES = ['Kptfile', 'settings.yaml', 'namespace.yaml', 'checkout.yaml', 'nightly.yaml'];

/**
 * Lines injection may legitimately replace: an empty flow collection that now has entries
 * (`annotations: {}` → a block mapping). The fixture has none, so in practice nothing may go.
 */
const REPLACEABLE = /^\s*(annotations|labels|initContainers|containers|volumes): (\{\}|\[\])\s*$/;

describe('comment preservation under kpt fn render', () => {
  test('after rendering a package full of comments, git diff shows only injected (added) lines', () => {
    const dir = gitRepoWith(['comments'], FIXTURE);
    const pkg = join(dir, 'comments');
    const originals = Object.fromEntries(FILES.map((f) => [f, readFileSync(join(pkg, f), 'utf8')]));
    const ran = kptRender(pkg);
    assert.equal(ran.status, 0, explain('kpt fn render', ran));

    const diff = git(dir, 'diff', '-U0');
    const removed = diff.split('\n').filter((line) => line.startsWith('-') && !line.startsWith('---'));
    const illegitimate = removed.filter((line) => !REPLACEABLE.test(line.slice(1)));
    assert.deepEqual(illegitimate, [], `lines removed or rewritten by the render:\n${diff}`);
    assert.match(diff, /^\+.*kuma-sidecar/m, 'the sidecar was injected');
    const changedFiles = git(dir, 'diff', '--name-only').split('\n').filter((l) => l !== '').sort();
    assert.deepEqual(changedFiles, ['comments/checkout.yaml', 'comments/nightly.yaml'], 'only the workloads change');

    for (const [file, before] of Object.entries(originals)) {
      const after = readFileSync(join(pkg, file), 'utf8');
      for (const line of before.split('\n').filter((l) => l.includes('#'))) {
        const count = (text: string) => text.split('\n').filter((l) => l === line).length;
        assert.equal(count(after), count(before), `${file}: the line "${line}" survives exactly once (comments never duplicated)`);
      }
    }
    const objects = objectsOf(readFileSync(join(pkg, 'checkout.yaml'), 'utf8'));
    const env = (find(objects, 'Deployment', 'checkout')['spec']['template']['spec']['containers'] as { name: string; env?: { name: string; value: unknown }[] }[])[0]?.env ?? [];
    assert.equal(env.find((e) => e.name === 'ENABLED')?.value, 'yes', 'quoted "yes" is still a string');
    assert.ok(sidecarOf(find(objects, 'Deployment', 'checkout')));
    assert.ok(sidecarOf(find(objectsOf(readFileSync(join(pkg, 'nightly.yaml'), 'utf8')), 'CronJob', 'nightly')));
  });
});
