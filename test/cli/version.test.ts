import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runCli } from './cli-run.ts';
import { VERSION_PROFILES, VERSIONS } from '../../src/config/releases.ts';

const CONFORMANCE = join(REPO, '..', 'shared', 'conformance');

/** The upstream tag (or, for a preview, commit) a profile's goldens come from, read from the goldens folder itself. */
function goldenSource(folder: string): { tag?: string; commit?: string } {
  const dir = join(CONFORMANCE, folder);
  const text = ['README.md', 'profile.yaml']
    .map((f) => {
      try {
        return readFileSync(join(dir, f), 'utf8');
      } catch {
        return '';
      }
    })
    .join('\n');
  const tag = /tag\W+v(\d+\.\d+\.\d+)/.exec(text)?.[1];
  const commit = /commit\W+([0-9a-f]{40})/.exec(text)?.[1];
  assert.ok(tag !== undefined || commit !== undefined, `no upstream tag or commit found in ${dir}`);
  return { ...(tag === undefined ? {} : { tag }), ...(commit === undefined ? {} : { commit }) };
}

function goldenTag(version: string): string {
  const profile = VERSION_PROFILES.find((p) => p.version === version);
  const tag = profile === undefined ? undefined : goldenSource(profile.conformance.injector).tag;
  assert.ok(tag, `no release tag for ${version}`);
  return tag;
}

const esc = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('kuma-inject version', () => {
  test('prints the tool version and, per profile, the exact release its goldens come from', async () => {
    const r = await runCli(['version']);
    assert.equal(r.code, 0, r.stderr);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    assert.match(r.stdout, new RegExp(`^kuma-inject ${pkg.version.replace(/\./g, '\\.')} \\(Node v\\d+`));
    assert.ok(VERSION_PROFILES.length >= 2);
    for (const profile of VERSION_PROFILES) {
      const source = goldenSource(profile.conformance.injector);
      if (profile.provenance.kind === 'release') {
        assert.ok(source.tag, `${profile.conformance.injector} names a release tag`);
        assert.match(
          r.stdout,
          new RegExp(`^  ${esc(profile.version)} +Kong Mesh ${esc(source.tag)}, Kuma ${esc(source.tag)}( \\(default\\))?$`, 'm'),
          `profile ${profile.version}`,
        );
      } else {
        assert.ok(source.commit, `${profile.conformance.injector} names a commit`);
        assert.match(
          r.stdout,
          new RegExp(`^  ${esc(profile.version)} +preview of .* at commit ${source.commit.slice(0, 12)} .*not a release$`, 'm'),
          `profile ${profile.version}`,
        );
      }
    }
    assert.equal(r.stdout.match(/\(default\)$/gm)?.length, 1, 'exactly one default');
    assert.equal(r.stderr, '');
  });

  test('takes no arguments', async () => {
    const r = await runCli(['version', 'extra'], { tty: true });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /kuma-inject version takes no arguments \(got extra\)/);
  });
});

describe('--version is the version setting; the tool version has one spelling', () => {
  for (const argv of [['--version'], ['--version', '-f', 'example'], ['-f', 'example', '--version']]) {
    test(`${argv.join(' ')} says it is the mesh version setting and names \`kuma-inject version\``, async () => {
      const r = await runCli(argv, { tty: true });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`--version needs a value \\(${esc(VERSIONS.join('|'))}\\)`));
      assert.match(r.stderr, /run `kuma-inject version`/);
    });
  }

  for (const flag of ['-v', '-V']) {
    test(`${flag} points at \`kuma-inject version\``, async () => {
      const r = await runCli([flag], { tty: true });
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`unknown flag ${flag}: for the version of kuma-inject run \`kuma-inject version\``));
    });
  }

  for (const v of VERSION_PROFILES.filter((p) => p.provenance.kind === 'release').map((p) => p.version)) {
    test(`--version ${v} still selects that profile`, async () => {
      const r = await runCli(['--product', 'kuma', '--version', v, '-f', 'example']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`image: docker\\.io/kumahq/kuma-dp:${goldenTag(v).replace(/\./g, '\\.')}`));
    });
  }
});
