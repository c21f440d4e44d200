import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, loadAll } from 'js-yaml';
import { BUNDLE, REPO, envWithKumaInject, explain, sh } from './harness.ts';
import { EXAMPLE_FILES, exampleText } from '../cli/fixtures.ts';

/**
 * A failing stream or uninject run hands nothing to the next command of a pipe: stdout is empty
 * and the results are on stderr, whatever made it fail. KRM mode keeps echoing its input (kpt
 * would delete the package on empty output).
 */
const withoutPatch = exampleText(EXAMPLE_FILES.filter((f) => f !== 'container-patch.yaml'));
const FAILING: { name: string; text: string; args: string[]; code: string; uninject?: true }[] = [
  {
    name: 'an error result (a ContainerPatch the workload names is missing)',
    text: withoutPatch,
    args: ['--config', 'example/kuma-inject.yaml'],
    code: 'KI0207',
  },
  {
    name: 'input that is not valid YAML',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n',
    args: [],
    code: 'KI0002',
    uninject: true,
  },
  {
    name: 'failOn: warning with a warning (no CA)',
    text: exampleText(),
    args: ['--config', 'example/kuma-inject.yaml', '--fail-on', 'warning'],
    code: 'KI0109',
  },
  {
    name: 'invalid settings inside the input (a KumaInject object)',
    text: `${exampleText()}---\napiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: s}\nproduct: kumax\n`,
    args: [],
    code: 'KI0101',
    uninject: true,
  },
  {
    name: 'a label value that is not a string',
    text: exampleText().replace('      labels:\n        app: web\n', '      labels:\n        app: web\n        tier: 1\n'),
    args: ['--config', 'example/kuma-inject.yaml'],
    code: 'KI0216',
    uninject: true,
  },
];

describe('a failing stream run hands nothing to the next command', () => {
  for (const mode of [[], ['uninject']]) {
    for (const c of FAILING.filter((f) => mode.length === 0 || f.uninject === true)) {
      test(`${mode.join('') || 'stream'}: ${c.name}: exit 1, stdout empty, the error (${c.code}) on stderr`, () => {
        const ran = sh(process.execPath, [BUNDLE, ...mode, '-f', '-', ...c.args], { input: c.text, cwd: REPO });
        assert.equal(ran.status, 1, explain(c.name, ran));
        assert.equal(ran.stdout, '');
        assert.match(ran.stderr, new RegExp(`^error: .*\\[${c.code}\\]$`, 'm'));
      });
    }
  }

  test('KRM mode keeps echoing the input on exit 1, with the results inside', () => {
    const broken = FAILING.find((f) => f.code === 'KI0216');
    assert.ok(broken !== undefined);
    const list = dump({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: loadAll(broken.text) });
    const ran = sh(process.execPath, [BUNDLE], { input: list, cwd: REPO });
    assert.equal(ran.status, 1, explain(broken.name, ran));
    assert.equal(ran.stdout.slice(0, ran.stdout.indexOf('results:')), list);
    assert.match(ran.stdout, /code: KI0216/);
  });

  test('with set -o pipefail, `kuma-inject -f DIR | kubectl apply -f -` fails and the next command gets no byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuma-pipe-'));
    writeFileSync(join(dir, 'app.yaml'), withoutPatch);
    writeFileSync(
      join(dir, 'settings.yaml'),
      dump({ apiVersion: 'fn.kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 's' } }),
    );
    // --norc: bash -c reads ~/.bashrc when its stdin is a socket (a pipe of node's) and SHLVL is unset.
    const ran = sh('bash', ['--norc', '-c', 'set -o pipefail; kuma-inject -f app.yaml --config settings.yaml | wc -c'], {
      cwd: dir,
      env: envWithKumaInject(),
    });
    assert.equal(ran.status, 1, explain('pipeline', ran));
    assert.equal(ran.stdout.trim(), '0');
  });
});
