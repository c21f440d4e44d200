import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitAll, explain, git, gitRepoWith, kptRender, REPO } from './harness.ts';
import { kumaInject } from './bundle-in-process.ts';
import { find, objectsOf, sidecarOf } from '../cli/kube-objects.ts';

const FIXTURE = join(REPO, 'test/fixtures/e2e');
const FILES = ['Kptfile', 'settings.yaml', 'namespace.yaml', 'checkout.yaml', 'nightly.yaml'];

/**
 * Lines injection may legitimately replace: an empty flow collection that now has entries
 * (`annotations: {}` → a block mapping). The fixture has none, so in practice nothing may go.
 */
const REPLACEABLE = /^\s*(annotations|labels|initContainers|containers|volumes): (\{\}|\[\])\s*$/;

/** The lines a `git diff -U0` removes (without the file headers). */
function removedLines(diff: string): string[] {
  return diff
    .split('\n')
    .filter((line) => line.startsWith('-') && !line.startsWith('---'))
    .map((line) => line.slice(1));
}

/** Comment spacing as kpt's writer normalises it: one space before an inline `#`. */
const kptSpacing = (line: string) => line.replace(/(\S)\s+#/, '$1 #');

/** True when `lines` appear in `text` in order (other lines may sit between them). */
function isSubsequence(lines: readonly string[], text: string): { ok: boolean; missing?: string } {
  const out = text.split('\n');
  let at = 0;
  for (const line of lines) {
    while (at < out.length && out[at] !== line) at++;
    if (at === out.length) return { ok: false, missing: line };
    at++;
  }
  return { ok: true };
}

describe('comment preservation', () => {
  test('kuma-inject itself keeps every original line, byte for byte and in order, and only adds lines', () => {
    const pkg = join(FIXTURE, 'comments');
    for (const file of ['checkout.yaml', 'nightly.yaml', 'namespace.yaml']) {
      const before = readFileSync(join(pkg, file), 'utf8');
      const ran = kumaInject(['--config', join(pkg, 'settings.yaml'), '--previews', 'off', '-f', join(pkg, file)]);
      assert.equal(ran.status, 0, explain(`kuma-inject -f ${file}`, ran));
      const kept = isSubsequence(before.replace(/\n$/, '').split('\n'), ran.stdout);
      assert.ok(kept.ok, `${file}: the line "${kept.missing}" is missing or moved in the output`);
    }
  });

  test('after kpt fn render, git diff shows only injected lines (beyond what kpt itself rewrites)', () => {
    // What kpt rewrites on its own: the same package through an identity function (cat).
    const baselineRepo = gitRepoWith(['comments'], FIXTURE);
    const baselinePkg = join(baselineRepo, 'comments');
    writeFileSync(
      join(baselinePkg, 'Kptfile'),
      readFileSync(join(baselinePkg, 'Kptfile'), 'utf8').replace(/- exec: kuma-inject\n\s+configPath: .*\n/, '- exec: cat\n'),
    );
    commitAll(baselineRepo, 'identity pipeline');
    const identity = kptRender(baselinePkg);
    assert.equal(identity.status, 0, explain('kpt fn render (identity)', identity));
    const kptRewrites = new Set(removedLines(git(baselineRepo, 'diff', '-U0')));

    const dir = gitRepoWith(['comments'], FIXTURE);
    const pkg = join(dir, 'comments');
    const originals = Object.fromEntries(FILES.map((f) => [f, readFileSync(join(pkg, f), 'utf8')]));
    const ran = kptRender(pkg);
    assert.equal(ran.status, 0, explain('kpt fn render', ran));

    const diff = git(dir, 'diff', '-U0');
    const illegitimate = removedLines(diff).filter((line) => !REPLACEABLE.test(line) && !kptRewrites.has(line));
    assert.deepEqual(illegitimate, [], `lines removed or rewritten by the render:\n${diff}`);
    assert.match(diff, /^\+.*kuma-sidecar/m, 'the sidecar was injected');
    const changedFiles = git(dir, 'diff', '--name-only')
      .split('\n')
      .filter((l) => l !== '')
      .sort();
    assert.deepEqual(changedFiles, ['comments/checkout.yaml', 'comments/nightly.yaml'], 'only the workloads change');

    for (const [file, before] of Object.entries(originals)) {
      const after = readFileSync(join(pkg, file), 'utf8').split('\n').map(kptSpacing);
      for (const line of before
        .split('\n')
        .filter((l) => l.includes('#'))
        .map(kptSpacing)) {
        const count = (lines: string[]) => lines.filter((l) => l === line).length;
        assert.equal(
          count(after),
          count(before.split('\n').map(kptSpacing)),
          `${file}: the line "${line}" survives exactly once (comments never lost or duplicated)`,
        );
      }
    }
    const objects = objectsOf(readFileSync(join(pkg, 'checkout.yaml'), 'utf8'));
    const env =
      (
        find(objects, 'Deployment', 'checkout')['spec']['template']['spec']['containers'] as {
          name: string;
          env?: { name: string; value: unknown }[];
        }[]
      )[0]?.env ?? [];
    assert.equal(env.find((e) => e.name === 'ENABLED')?.value, 'yes', 'quoted "yes" is still a string');
    assert.ok(sidecarOf(find(objects, 'Deployment', 'checkout')));
    assert.ok(sidecarOf(find(objectsOf(readFileSync(join(pkg, 'nightly.yaml'), 'utf8')), 'CronJob', 'nightly')));
  });
});
