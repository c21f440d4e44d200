import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runCli } from './cli-run.ts';
import { VERSIONS } from '../../src/config/releases.ts';

describe('--help and usage errors', () => {
  test('--help prints usage, exit codes and numbered examples on stdout, exit 0', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^Usage:/m);
    assert.match(r.stdout, /^Exit codes:\n {2}0 .*\n {2}1 .*\n {5}.*\n {2}2 .*\n {2}3 /m);
    const numbers = [...r.stdout.matchAll(/^ {2}(\d+)\. /gm)].map((m) => Number(m[1]));
    assert.ok(numbers.length >= 5, 'at least five examples');
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i + 1),
      'examples numbered 1..n in order',
    );
    for (const mode of ['-f FILE|DIR|-', 'uninject', 'PLUGIN_CONFIG_FILE', 'argocd-generate']) assert.ok(r.stdout.includes(mode), mode);
  });

  test('the help names the tool version; --version alone explains it wants the mesh version', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    assert.ok((await runCli(['--help'])).stdout.startsWith(`kuma-inject ${version}:`));
    const r = await runCli(['--version']);
    assert.equal(r.code, 2);
    const versions = VERSIONS.join('|').replace(/[.|]/g, (c) => `\\${c}`);
    assert.match(
      r.stderr,
      new RegExp(
        `--version needs a value \\(${versions}\\): it selects the Kong Mesh / Kuma version to reproduce.* \\(${version.replace(/\./g, '\\.')}\\)`,
      ),
    );
  });

  test('help subcommand is the same text', async () => {
    assert.equal((await runCli(['help'])).stdout, (await runCli(['--help'])).stdout);
  });

  test('an unknown flag: one line naming it, a pointer to --help (not the whole help), exit 2', async () => {
    const r = await runCli(['--frobnicate'], { tty: true });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'kuma-inject: unknown flag --frobnicate. See kuma-inject --help for every flag and mode.\n');
  });

  test('a misspelt flag suggests the nearest one', async () => {
    const r = await runCli(['--versoin', '2.13'], { tty: true });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^kuma-inject: unknown flag --versoin; did you mean --version\? See kuma-inject --help/);
    assert.equal(r.stderr.split('\n').length, 2, 'one line');
    assert.match(
      (await runCli(['--sidecar-container=true'], { tty: true })).stderr,
      /unknown flag --sidecar-container; did you mean --sidecar-containers\?/,
    );
  });

  test('a usage error in KRM mode hands stdin back unchanged (kpt deletes a package on empty output)', async () => {
    const input =
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: x}\n';
    for (const argv of [['--versoin', '2.13'], ['--previews'], ['-x'], ['uninject', '--bogus']]) {
      const r = await runCli(argv, { stdin: input });
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.stdout, input, `${argv.join(' ')}: stdout is the input`);
      assert.equal(r.stderr.split('\n').length, 2, `${argv.join(' ')}: one line on stderr`);
    }
  });

  test('a usage error with -f or argocd-generate does not touch stdin', async () => {
    for (const argv of [
      ['-f', 'example', '--bogus'],
      ['--bogus', '-f', 'example'],
      ['argocd-generate', '--bogus'],
    ]) {
      const r = await runCli(argv, { stdin: 'kind: ResourceList\n' });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '', argv.join(' '));
    }
  });

  test('a bad boolean value is a usage error naming the flag and the value', async () => {
    const r = await runCli(['--cni=perhaps', '-f', 'example']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--cni: expected true or false \(got "perhaps"\)/);
  });

  test('no input on a terminal: exit 2 with a hint instead of waiting forever', async () => {
    const r = await runCli([], { tty: true });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no input: pipe a ResourceList/);
  });

  test('-f of a missing file: exit 2 naming the file', async () => {
    const r = await runCli(['-f', 'does/not/exist.yaml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /-f does\/not\/exist\.yaml: no such file or directory/);
  });

  test('a plugin config file that does not exist: exit 2, says how kuma-inject is called', async () => {
    const r = await runCli(['no-such-plugin-config.yaml'], { stdin: '' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no-such-plugin-config\.yaml: no such file/);
    assert.match(r.stderr, /see --help/);
  });
});
