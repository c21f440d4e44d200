/**
 * One boolean vocabulary wherever a setting is written: a flag (--cni=WORD), an Argo CD variable,
 * a ConfigMap functionConfig key ("WORD") and a KumaInject settings file (WORD, as YAML reads it).
 * YAML 1.2's six boolean words (true/True/TRUE, false/False/FALSE) are accepted everywhere; every other word is refused everywhere, and
 * every
 * refusal says "true or false".
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { settingsFromArgoEnv } from '../../src/cli/argocd-env.ts';
import { runCli } from './cli-run.ts';
import { exampleText } from './fixtures.ts';
import { find, objectsOf, podSpecOf, type Obj } from './kube-objects.ts';

const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-booleans-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// YAML 1.2 (the settings file's reader) has exactly these six boolean words.
const ACCEPTED: [string, boolean][] = [
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['false', false],
  ['False', false],
  ['FALSE', false],
];
const REFUSED = ['yes', 'no', '1', '0', 'on', 'off', 'Yes', 'tRUE', 'y', 't', ''];

/** The four places a boolean is written; each returns whether it was accepted and the message. */
const PLACES: Record<string, (word: string) => Promise<{ ok: boolean; message: string; native?: boolean }>> = {
  flag: async (word) => {
    const r = await runCli(['-f', '-', '--config', 'example/kuma-inject.yaml', `--sidecar-containers=${word}`], { stdin: exampleText() });
    return { ok: r.code === 0, message: r.stderr, native: nativeSidecar(r.stdout) };
  },
  'Argo CD variable': async (word) => {
    const s = settingsFromArgoEnv({ ARGOCD_ENV_SIDECAR_CONTAINERS: word });
    return s.ok ? { ok: true, message: '', native: s.overrides['sidecarContainers'] === true } : { ok: false, message: s.message };
  },
  'ConfigMap key': async (word) => {
    const file = join(dir, `cm-${word || 'empty'}.yaml`);
    writeFileSync(file, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kuma-inject}\ndata:\n  sidecarContainers: "${word}"\n`);
    const r = await runCli(['-f', '-', '--config', file], { stdin: exampleText() });
    return { ok: r.code === 0, message: r.stderr, native: nativeSidecar(r.stdout) };
  },
  'settings file': async (word) => {
    const file = join(dir, `ki-${word || 'empty'}.yaml`);
    writeFileSync(
      file,
      `apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: kuma-inject}\nsidecarContainers: ${word === '' ? '""' : word}\n`,
    );
    const r = await runCli(['-f', '-', '--config', file], { stdin: exampleText() });
    return { ok: r.code === 0, message: r.stderr, native: nativeSidecar(r.stdout) };
  },
};

/** Whether the example's Deployment web got kuma-sidecar as a native sidecar (an init container). */
function nativeSidecar(stdout: string): boolean | undefined {
  if (stdout === '') return undefined;
  const spec = podSpecOf(find(objectsOf(stdout), 'Deployment', 'web'));
  const inInit = ((spec['initContainers'] ?? []) as Obj[]).some((c) => c['name'] === 'kuma-sidecar');
  const inMain = ((spec['containers'] ?? []) as Obj[]).some((c) => c['name'] === 'kuma-sidecar');
  assert.notEqual(inInit, inMain, 'kuma-sidecar is injected exactly once');
  return inInit;
}

describe('booleans: one vocabulary for flags, Argo CD variables, ConfigMap keys and settings files', () => {
  for (const [place, write] of Object.entries(PLACES)) {
    for (const [word, value] of ACCEPTED) {
      test(`${place}: ${word} is accepted as ${value}`, async () => {
        const r = await write(word);
        assert.ok(r.ok, r.message);
        assert.equal(r.native, value);
      });
    }
    for (const word of REFUSED) {
      test(`${place}: ${JSON.stringify(word)} is refused with "true or false"`, async () => {
        const r = await write(word);
        assert.equal(r.ok, false, `${JSON.stringify(word)} was accepted`);
        assert.match(r.message, /"?true"? or "?false"?/);
      });
    }
  }

  test('the settings file says a quoted "true" is a string and how to write it', async () => {
    const r = await PLACES['settings file']!('"true"');
    assert.match(r.message, /sidecarContainers: must be true or false \(got "true", a string\); write true or false, unquoted/);
  });
});
