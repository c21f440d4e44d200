/**
 * What a newcomer meets first: the README's first screen names the prerequisites and the
 * namespace opt-in, its "Try it" lines run as written from the clone, every file a documented
 * kuma-inject command reads exists, and `npm start` redirected into a file is pure YAML.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { BUNDLE, envWithKumaInject, explain, REPO, sh } from './harness.ts';
import { find, objectsOf, sidecarOf } from '../cli/kube-objects.ts';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const FIRST_SCREEN = README.slice(0, README.indexOf('## One binary'));

/** The commands of every ```sh block, one per line, comments and continuations folded. */
function shBlocks(text: string): string[][] {
  return [...text.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) =>
    (m[1] ?? '')
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter((l) => l !== ''),
  );
}

describe('README first screen', () => {
  test('names the prerequisites and the namespace opt-in before anything else', () => {
    for (const needed of [
      /Node\.js 20 or later/,
      /\*\*kpt\*\*/,
      /\*\*kubectl\*\*/,
      /`\.\.\/shared\/conformance`/,
      /kuma\.io\/sidecar-injection: enabled/,
      /namespaces\.<name>\.labels/,
      /npm install -g kuma-inject/,
      /kuma-inject version/,
    ]) {
      assert.match(FIRST_SCREEN, needed);
    }
  });

  test('every "Try it" line runs as written in a copy of the clone, with the effect it claims', () => {
    const block = shBlocks(FIRST_SCREEN).find((lines) => lines.some((l) => l.startsWith('kuma-inject ')));
    assert.ok(block, 'the first screen has a block of kuma-inject commands');
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-try-'));
    cpSync(join(REPO, 'Kptfile'), join(dir, 'Kptfile'));
    cpSync(join(REPO, 'example'), join(dir, 'example'), { recursive: true });
    const env = envWithKumaInject();
    for (const line of block) {
      const ran = sh('sh', ['-c', line], { cwd: dir, env });
      assert.equal(ran.status, 0, explain(line, ran));
    }
    const injected = objectsOf(readFileSync(join(dir, 'injected.yaml'), 'utf8'));
    assert.ok(sidecarOf(find(injected, 'Deployment', 'web')));
    assert.match(readFileSync(join(dir, 'kuma-2.13.yaml'), 'utf8'), /image: docker\.io\/kumahq\/kuma-dp:2\.13\./);
    assert.ok(
      readdirSync(join(dir, 'previews'), { recursive: true }).some((f) => String(f).endsWith('.yaml')),
      'preview files written',
    );
    const original = objectsOf(readFileSync(join(dir, 'original.yaml'), 'utf8'));
    assert.equal(sidecarOf(find(original, 'Deployment', 'web')), undefined);
  });

  test('every file a documented kuma-inject command reads (-f, --config) exists in the clone or is made by an earlier line', () => {
    for (const file of ['README.md', 'functions/kuma-inject/README.md']) {
      for (const lines of shBlocks(readFileSync(join(REPO, file), 'utf8'))) {
        const made = new Set<string>();
        for (const line of lines) {
          const words = line.split(/\s+/);
          if (words.includes('kuma-inject')) {
            words.forEach((word, i) => {
              const next = words[i + 1];
              const named = word === '-f' || word === '--config' ? next : /^--config=(.+)$/.exec(word)?.[1];
              if (named === undefined || named === '-' || /[A-Z]{3,}/.test(named)) return; // stdin, or a placeholder such as FILE / PKG
              assert.ok(
                made.has(named) || existsSync(join(REPO, named)),
                `${file}: \`${line}\` reads ${named}, which does not exist in the clone`,
              );
            });
          }
          for (const m of line.matchAll(/>\s*(\S+)/g)) made.add(m[1] ?? '');
        }
      }
    }
  });
});

describe('npm start', () => {
  const direct = sh(process.execPath, [BUNDLE, '--config', 'example/kuma-inject.yaml', '-f', 'example']);

  for (const command of ['npm start > "$OUT"', 'npm start --silent > "$OUT"', 'npm start -s > "$OUT" 2>/dev/null']) {
    test(`${command.replace(' 2>/dev/null', '')}: the file holds exactly the injected YAML`, () => {
      const out = join(mkdtempSync(join(tmpdir(), 'kuma-inject-start-')), 'injected.yaml');
      const ran = sh('sh', ['-c', command], { env: { ...process.env, OUT: out } });
      assert.equal(ran.status, 0, explain(command, ran));
      const text = readFileSync(out, 'utf8');
      assert.equal(text, direct.stdout);
      assert.doesNotThrow(() => loadAll(text));
      assert.ok(sidecarOf(find(objectsOf(text), 'Deployment', 'web')));
    });
  }

  test("npm start into a pipe: npm's banner cannot be taken back, so stderr says how to get YAML alone", () => {
    const ran = sh('sh', ['-c', 'npm start | cat']);
    assert.equal(ran.status, 0, explain('npm start | cat', ran));
    assert.match(ran.stderr, /use npm start --silent/);
    assert.ok(ran.stdout.endsWith(direct.stdout));
  });

  test('npm start -- FLAGS passes them on', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kuma-inject-start-')), 'kuma.yaml');
    const ran = sh('sh', ['-c', 'npm start -- --product kuma --version 2.13 > "$OUT"'], { env: { ...process.env, OUT: out } });
    assert.equal(ran.status, 0, explain('npm start -- --product kuma', ran));
    const text = readFileSync(out, 'utf8');
    assert.doesNotThrow(() => loadAll(text));
    assert.match(text, /image: docker\.io\/kumahq\/kuma-dp:2\.13\./);
  });
});
