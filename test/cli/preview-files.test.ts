import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePreviews } from '../../src/cli/preview-files.ts';

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
