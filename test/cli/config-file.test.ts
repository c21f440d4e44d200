/**
 * `--config FILE` accepts the kustomize plugin keys of a KumaInject transformer config
 * (`argsOneLiner`, `argsFromFile`) and applies their flags as kustomize would pass them: above the
 * file's settings, below the command line's flags. The README's recipe for reading the warnings
 * kubectl hides (`kubectl kustomize ... | kuma-inject -f - --config <the transformer config>`)
 * depends on it.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-run.ts';
import { exampleText, kptResourceList } from './fixtures.ts';
import { find, objectsOf, resourceListOf, sidecarOf, type Obj } from './kube-objects.ts';

const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const BASE = readFileSync(new URL('../../example/kuma-inject.yaml', import.meta.url), 'utf8');

function configWith(name: string, extra: string): string {
  const path = join(dir, name);
  writeFileSync(path, `${BASE}\n${extra}`);
  return path;
}

function sidecarImage(objects: Obj[]): string {
  return String(sidecarOf(find(objects, 'Deployment', 'web'))?.['image']);
}

/** Flags as kustomize would split them, and the settings they must give. */
const CASES: { name: string; extra: string; flags: string[]; image: RegExp }[] = [
  { name: 'one flag', extra: 'argsOneLiner: --product kuma', flags: ['--product', 'kuma'], image: /^docker\.io\/kumahq\/kuma-dp:2\.14\./ },
  {
    name: 'several flags, extra spaces',
    extra: 'argsOneLiner: "--product  kuma --version 2.13 --no-sidecar-containers"',
    flags: ['--product', 'kuma', '--version', '2.13', '--no-sidecar-containers'],
    image: /^docker\.io\/kumahq\/kuma-dp:2\.13\./,
  },
  {
    name: 'a flag=value',
    extra: 'argsOneLiner: --sidecar-image=registry.example/dp:1',
    flags: ['--sidecar-image=registry.example/dp:1'],
    image: /^registry\.example\/dp:1$/,
  },
];

describe('--config with a kustomize transformer config', () => {
  for (const c of CASES) {
    test(`argsOneLiner (${c.name}) in stream mode gives what the same flags give`, async () => {
      const config = configWith(`${c.name.replace(/\W+/g, '-')}.yaml`, c.extra);
      const viaFile = await runCli(['-f', '-', '--config', config], { stdin: exampleText() });
      assert.equal(viaFile.code, 0, viaFile.stderr);
      const viaFlags = await runCli(['-f', '-', '--config', 'example/kuma-inject.yaml', ...c.flags], { stdin: exampleText() });
      assert.equal(viaFlags.code, 0, viaFlags.stderr);
      assert.equal(viaFile.stdout, viaFlags.stdout);
      assert.match(sidecarImage(objectsOf(viaFile.stdout)), c.image);
    });

    test(`argsOneLiner (${c.name}) in KRM mode gives what the same flags give`, async () => {
      const config = configWith(`krm-${c.name.replace(/\W+/g, '-')}.yaml`, c.extra);
      const viaFile = await runCli(['--config', config], { stdin: kptResourceList() });
      assert.equal(viaFile.code, 0, viaFile.stderr);
      assert.match(sidecarImage(resourceListOf(viaFile.stdout)['items'] as Obj[]), c.image);
    });
  }

  test('argsFromFile: one flag per line, relative to the config file', async () => {
    writeFileSync(join(dir, 'flags.txt'), '--product\nkuma\n  --version\n2.13\n');
    const config = configWith('from-file.yaml', 'argsFromFile: flags.txt');
    const r = await runCli(['-f', '-', '--config', config], { stdin: exampleText() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(sidecarImage(objectsOf(r.stdout)), /^docker\.io\/kumahq\/kuma-dp:2\.13\./);
  });

  test('precedence: the file < its argsOneLiner < the command line', async () => {
    const config = configWith('precedence.yaml', 'argsOneLiner: --product kuma --version 2.13');
    const r = await runCli(['-f', '-', '--config', config, '--version', '2.14'], { stdin: exampleText() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(sidecarImage(objectsOf(r.stdout)), /^docker\.io\/kumahq\/kuma-dp:2\.14\./);
  });

  for (const [extra, expected] of [
    ['argsOneLiner: --frobnicate', /unknown flag --frobnicate/],
    ['argsOneLiner: --version 2.99', /version/],
    ['argsOneLiner: -f other.yaml', /only setting flags/],
    ['argsOneLiner: [--product, kuma]', /argsOneLiner: expected a string of flags/],
    ['argsFromFile: missing.txt', /argsFromFile: missing\.txt: no such file/],
  ] as const) {
    test(`a bad plugin key (${extra}) is a usage error naming the file, nothing written`, async () => {
      const config = configWith(`bad-${extra.replace(/\W+/g, '-')}.yaml`, extra);
      const r = await runCli(['-f', '-', '--config', config], { stdin: exampleText() });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`--config ${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.match(r.stderr, expected);
    });
  }
});
