/**
 * The npm package as users get it: `npm pack`, then installed from the tarball into an empty prefix
 * with the registry out of reach (`--offline`, an empty cache): the bundle is self-contained, so
 * nothing is fetched. The installed `kuma-inject` must run --help, version and the example package
 * exactly as the built bundle does.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BUNDLE, explain, REPO, sh } from '../e2e/harness.ts';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  private?: boolean;
  bin: Record<string, string>;
  files: string[];
  engines: { node: string };
  dependencies?: Record<string, string>;
};

/** Only node on PATH: the installed bin must find nothing else (no kuma-inject of a clone). */
const ONLY_NODE_PATH = dirname(process.execPath);

let work = '';
let tarball = '';
let packed: string[] = [];
let installedBin = '';

before(() => {
  work = mkdtempSync(join(tmpdir(), 'kuma-inject-npm-'));
  // --ignore-scripts: pack the bundle `npm test` built; `prepare` would rebuild dist/ under the
  // feet of tests running beside this one.
  const pack = sh(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { timeoutMs: 120_000 });
  assert.equal(pack.status, 0, explain('npm pack', pack));
  const [info] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string; mode: number }[] }];
  tarball = join(work, info.filename);
  packed = info.files.map((f) => f.path).sort();

  const prefix = join(work, 'prefix');
  mkdirSync(prefix);
  const install = sh(
    NPM,
    ['install', '--global', '--prefix', prefix, '--offline', '--cache', join(work, 'empty-cache'), '--no-audit', '--no-fund', tarball],
    {
      env: { ...process.env, npm_config_registry: 'http://127.0.0.1:9/' },
      timeoutMs: 120_000,
    },
  );
  assert.equal(install.status, 0, explain('npm install --global --offline <tarball>', install));
  installedBin = join(prefix, 'bin', 'kuma-inject');
});

after(() => rmSync(work, { recursive: true, force: true }));

describe('the npm package', () => {
  test('package.json is publishable: not private, no runtime dependencies, a files list, honest engines', () => {
    assert.notEqual(pkg.private, true);
    assert.deepEqual(pkg.dependencies ?? {}, {}, 'the bundle carries its dependencies; an install must fetch nothing');
    assert.equal(pkg.bin['kuma-inject'], 'dist/kuma-inject.cjs');
    assert.equal(pkg.engines.node, '>=20');
  });

  test('the tarball holds the bundle, its notices, the licence, README and the plugin files, and no sources or tests', () => {
    for (const path of packed) {
      assert.doesNotMatch(path, /^(src|test|scripts|bench|example|node_modules)\//, `${path} must not be published`);
      assert.doesNotMatch(path, /\.ts$/, `${path}: no TypeScript sources`);
    }
    for (const required of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/kuma-inject.cjs',
      'dist/kuma-inject.cjs.bundle',
      'dist/THIRD-PARTY-NOTICES.md',
      'functions/kuma-inject/argocd/plugin.yaml',
      'functions/kuma-inject/argocd/repo-server-patch.yaml',
      'functions/kuma-inject/kustomize/plugin/fn.kuma-inject.dev/v1alpha1/kumainject/KumaInject',
    ]) {
      assert.ok(packed.includes(required), `${required} is missing from the tarball (got ${packed.join(', ')})`);
    }
  });

  test('installed offline, the bin and the legacy plugin are executable', () => {
    assert.ok(statSync(installedBin).mode & 0o111, 'bin/kuma-inject is executable');
    const plugin = join(
      dirname(dirname(installedBin)),
      'lib',
      'node_modules',
      pkg.name,
      'functions/kuma-inject/kustomize/plugin/fn.kuma-inject.dev/v1alpha1/kumainject/KumaInject',
    );
    assert.ok(statSync(plugin).mode & 0o111, 'the kustomize legacy plugin keeps its exec bit');
  });

  test('kuma-inject --help and version run from the install', () => {
    const env = { PATH: ONLY_NODE_PATH };
    const help = sh(installedBin, ['--help'], { env, cwd: work });
    assert.equal(help.status, 0, explain('kuma-inject --help', help));
    assert.ok(help.stdout.startsWith(`kuma-inject ${pkg.version}:`));
    const version = sh(installedBin, ['version'], { env, cwd: work });
    assert.equal(version.status, 0, explain('kuma-inject version', version));
    assert.match(version.stdout, new RegExp(`^kuma-inject ${pkg.version.replace(/\./g, '\\.')} `));
  });

  test('the installed kuma-inject injects the example package exactly as the built bundle does', () => {
    const pkgDir = join(work, 'example-package');
    mkdirSync(pkgDir);
    cpSync(join(REPO, 'Kptfile'), join(pkgDir, 'Kptfile'));
    cpSync(join(REPO, 'example'), join(pkgDir, 'example'), { recursive: true });
    const args = ['-f', 'example', '--config', 'example/kuma-inject.yaml'];
    const installed = sh(installedBin, args, { env: { PATH: ONLY_NODE_PATH }, cwd: pkgDir });
    assert.equal(installed.status, 0, explain('installed kuma-inject', installed));
    assert.match(installed.stdout, /- name: kuma-sidecar/);
    const built = sh(process.execPath, [BUNDLE, ...args], { cwd: pkgDir });
    assert.equal(installed.stdout, built.stdout);
    assert.equal(installed.stderr, built.stderr);
  });
});
