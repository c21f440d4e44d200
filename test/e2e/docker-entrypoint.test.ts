import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explain, REPO, sh } from './harness.ts';
import { kptResourceList } from '../cli/fixtures.ts';
import { find, resourceListOf, sidecarOf, type Obj } from '../cli/kube-objects.ts';

/** ENTRYPOINT (exec form) of the Dockerfile, with image paths mapped back to the files COPY took them from. */
function entrypoint(): string[] {
  const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
  const copies = new Map<string, string>();
  for (const m of dockerfile.matchAll(/^COPY\s+(?:--\S+\s+)*(\S+)\s+(\S+)\s*$/gm)) copies.set(m[2] ?? '', join(REPO, m[1] ?? ''));
  const line = dockerfile.match(/^ENTRYPOINT\s+(\[.*\])\s*$/m);
  assert.ok(line, 'the Dockerfile has an exec-form ENTRYPOINT');
  const argv = JSON.parse(line[1] ?? '[]') as string[];
  return argv.map((arg) => copies.get(arg) ?? arg);
}

describe('container image', () => {
  test('the Dockerfile copies only the bundle, from node:20-slim', () => {
    const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^FROM node:20-slim$/m);
    const copies = [...dockerfile.matchAll(/^COPY\s+(?:--\S+\s+)*(\S+)\s+\S+$/gm)].map((m) => m[1]);
    assert.deepEqual(copies, ['dist/kuma-inject.cjs']);
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
