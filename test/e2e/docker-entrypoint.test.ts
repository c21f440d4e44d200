import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { explain, REPO, sh } from './harness.ts';
import { kptResourceList } from '../cli/fixtures.ts';
import { find, resourceListOf, sidecarOf, type Obj } from '../cli/kube-objects.ts';

/**
 * ENTRYPOINT (exec form) of the Dockerfile, run against a copy of the image's files: every COPY
 * source is placed at its destination under a scratch root, so paths relate as in the image.
 */
function entrypoint(): string[] {
  const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
  const root = mkdtempSync(join(tmpdir(), 'kuma-inject-image-'));
  const copies = new Map<string, string>();
  for (const m of dockerfile.matchAll(/^COPY\s+(?:--\S+\s+)*(\S+)\s+(\S+)\s*$/gm)) {
    const target = join(root, m[2] ?? '');
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(REPO, m[1] ?? ''), target);
    copies.set(m[2] ?? '', target);
  }
  const line = dockerfile.match(/^ENTRYPOINT\s+(\[.*\])\s*$/m);
  assert.ok(line, 'the Dockerfile has an exec-form ENTRYPOINT');
  const argv = JSON.parse(line[1] ?? '[]') as string[];
  return argv.map((arg) => copies.get(arg) ?? arg);
}

describe('container image', () => {
  test('the Dockerfile copies only the bundle and its code cache, from node:20-slim', () => {
    const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^FROM node:20-slim$/m);
    const copies = [...dockerfile.matchAll(/^COPY\s+(?:--\S+\s+)*(\S+)\s+\S+$/gm)].map((m) => m[1]);
    assert.deepEqual(copies, ['dist/kuma-inject.cjs', 'dist/kuma-inject.cjs.cache']);
    // The KRM function spec: a function must be able to run as the unprivileged user nobody.
    assert.match(dockerfile, /^USER nobody$/m);
  });

  test('the exact ENTRYPOINT command turns a ResourceList into an injected ResourceList', () => {
    const [command = '', ...args] = entrypoint();
    assert.equal(command, 'node');
    const ran = sh(command, args, { input: kptResourceList(), cwd: '/', env: { PATH: process.env['PATH'] ?? '' } });
    assert.equal(ran.status, 0, explain(`node ${args.join(' ')}`, ran));
    const items = resourceListOf(ran.stdout)['items'] as Obj[];
    assert.ok(sidecarOf(find(items, 'Deployment', 'web')));
  });
});
