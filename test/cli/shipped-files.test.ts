import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO, runCli } from './cli-run.ts';
import { FUNCTION_CONFIG_API_VERSION, FUNCTION_CONFIG_KIND, settingsSchema } from '../../src/config/settings-schema.ts';

const FN = join(REPO, 'functions/kuma-inject');
const SETTINGS_FILES = [
  'functions/kuma-inject/fn-config.yaml',
  'example/kuma-inject.yaml',
  'functions/kuma-inject/kustomize/legacy-plugin/kuma-inject.yaml',
  'functions/kuma-inject/kustomize/krm-transformer/kuma-inject.yaml',
  'functions/kuma-inject/helm/kuma-inject.yaml',
  ...readdirSync(join(FN, 'examples')).map((v) => `functions/kuma-inject/examples/${v}/kuma-inject.yaml`),
];

describe('shipped settings, plugin layout and docs', () => {
  for (const file of SETTINGS_FILES) {
    test(`${file} is a valid KumaInject settings file`, async () => {
      const r = await runCli(['--config', file, '-f', 'example/namespace.yaml']);
      assert.equal(r.code, 0, r.stderr);
    });
  }

  // The README sends readers to fn-config.yaml for every key: a key the schema accepts must be
  // there, set or (where setting it changes behaviour) as a commented-out line.
  test('fn-config.yaml describes every top-level key the settings schema accepts', () => {
    const text = readFileSync(join(FN, 'fn-config.yaml'), 'utf8');
    const described = new Set([...text.matchAll(/^(?:# )?([A-Za-z]+):/gm)].map((m) => m[1]));
    const missing = Object.keys(settingsSchema.properties).filter((key) => !described.has(key));
    assert.deepEqual(missing, [], `functions/kuma-inject/fn-config.yaml lacks ${missing.join(', ')}: add each with a comment`);
  });

  test('the legacy plugin sits where kustomize looks for the KumaInject kind, and is executable', () => {
    const [group, version] = FUNCTION_CONFIG_API_VERSION.split('/');
    const plugin = join(FN, 'kustomize/plugin', group ?? '', version ?? '', FUNCTION_CONFIG_KIND.toLowerCase(), FUNCTION_CONFIG_KIND);
    accessSync(plugin, constants.X_OK);
    assert.match(readFileSync(plugin, 'utf8'), /^#!\/bin\/sh\n(#.*\n)*exec kuma-inject "\$@"\n$/);
  });

  test('the KRM transformer example uses only `exec.path` (kustomize decodes the annotation strictly)', () => {
    const config = parse(readFileSync(join(FN, 'kustomize/krm-transformer/kuma-inject.yaml'), 'utf8'));
    assert.deepEqual(parse(config.metadata.annotations['config.kubernetes.io/function']), { exec: { path: 'kuma-inject' } });
  });

  test('the catalog README has the template sections in order', () => {
    const readme = readFileSync(join(FN, 'README.md'), 'utf8');
    const sections = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(sections, ['Overview', 'Usage', 'FunctionConfig', 'Examples']);
    // mdtogo's markers, in the catalog's places: Short in Overview, Long over Usage, Examples last.
    const markers = [...readme.matchAll(/<!--mdtogo(?::(\w+))?-->/g)].map((m) => m[1] ?? 'end');
    assert.deepEqual(markers, ['Short', 'end', 'Long', 'end', 'Examples', 'end']);
    assert.ok(
      readme.indexOf('<!--mdtogo:Long-->') > readme.indexOf('## Usage') &&
        readme.indexOf('<!--mdtogo:Long-->') < readme.indexOf('## FunctionConfig'),
    );
    assert.ok(readme.indexOf('<!--mdtogo:Examples-->') > readme.indexOf('## Examples'));
  });

  test('the root README set-up is exactly the two commands', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const setup = readme.match(/^## Set-up\n\n```sh\n([\s\S]*?)```/m);
    assert.ok(setup, 'a Set-up section with a sh block');
    assert.equal(setup[1], 'npm ci && npm start\nnpm test\n');
  });

  test('package.json: npm start renders the root example package', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    assert.equal(pkg.bin['kuma-inject'], 'dist/kuma-inject.cjs');
    assert.equal(pkg.scripts.start, 'node scripts/start.mjs');
    assert.match(
      readFileSync(join(REPO, 'scripts/start.mjs'), 'utf8'),
      /'dist\/kuma-inject\.cjs', '--config', 'example\/kuma-inject\.yaml', '-f', 'example'/,
    );
  });
});
