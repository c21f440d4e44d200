/**
 * `--previews` takes a folder. A manifest file name there (the natural guess for "write the
 * previews to a file") used to create a folder of that name; now it is a usage error that says
 * what to give instead, and nothing is created.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-run.ts';
import { exampleText, kptResourceList } from './fixtures.ts';

const cwd = mkdtempSync(join(tmpdir(), 'kuma-inject-previews-flag-'));
after(() => rmSync(cwd, { recursive: true, force: true }));

const FILE_NAMES = ['foo.yaml', 'previews.yml', 'out/previews.json', 'PREVIEWS.YAML', 'a.b/c.Yml'];

describe('--previews with a file name', () => {
  for (const name of FILE_NAMES) {
    for (const spelling of [['--previews', name], [`--previews=${name}`]]) {
      test(`stream mode: ${spelling.join(' ')} is refused, nothing created`, async () => {
        const r = await runCli(['-f', '-', '--config', 'example/kuma-inject.yaml', ...spelling], { stdin: exampleText(), cwd });
        assert.equal(r.code, 2);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, new RegExp(`--previews ${name.replace(/\./g, '\\.')}: expected a folder .* looks like a file name`));
        assert.match(r.stderr, /--previews inline/);
        assert.deepEqual(readdirSync(cwd), []);
      });
    }
    test(`KRM mode: --previews ${name} is refused and the input comes back unchanged`, async () => {
      const input = kptResourceList();
      const r = await runCli(['--previews', name], { stdin: input, cwd });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, input);
      assert.match(r.stderr, /looks like a file name/);
      assert.deepEqual(readdirSync(cwd), []);
    });
  }

  test('a trailing slash says a folder is meant: previews are written into it', async () => {
    const r = await runCli(['-f', 'example', '--config', 'example/kuma-inject.yaml', '--previews', join(cwd, 'odd.yaml/')]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(statSync(join(cwd, 'odd.yaml')).isDirectory());
    rmSync(join(cwd, 'odd.yaml'), { recursive: true });
  });

  test('a folder that already exists is used whatever its name', async () => {
    const made = join(cwd, 'made.yaml');
    mkdirSync(made);
    const r = await runCli(['-f', 'example', '--config', 'example/kuma-inject.yaml', '--previews', made]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(readdirSync(made).length > 0, 'previews written into it');
    rmSync(made, { recursive: true });
  });

  for (const folder of ['previews', 'out/previews', 'yaml', 'previews.d']) {
    test(`a folder name (${folder}) is accepted`, async () => {
      const r = await runCli(['-f', 'example', '--config', 'example/kuma-inject.yaml', '--previews', join(cwd, folder)]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(existsSync(join(cwd, folder)));
      rmSync(join(cwd, folder.split('/')[0] ?? ''), { recursive: true });
    });
  }
});
