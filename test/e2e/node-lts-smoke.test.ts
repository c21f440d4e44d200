/**
 * The bundle on the Node LTS lines users run besides the Node that runs the suite (20): 22
 * (maintenance) and 24 (active). Each Node binary is fetched from the npm registry's
 * `node-<platform>-<arch>` package (what the `node` package installs) into a folder of its own,
 * not installed on the machine. The example package must give exactly what this Node gives
 * (through the executable), and every 2.14 injector conformance run must match its upstream golden
 * through the bundle running on that Node.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BUNDLE, explain, REPO, sh } from './harness.ts';
import { cliConformanceBatches } from './cli-conformance.ts';

/** The exact release of each LTS line the smoke test runs on (pinned, like every other dependency). */
const RELEASES = [
  { version: '22.23.5', line: 'maintenance LTS' },
  { version: '24.22.3', line: 'active LTS' },
];
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The executable of `node-<platform>-<arch>@version`. The unpacked package is kept under
 * node_modules/.cache by its exact name and version (a pinned release never changes), so only the
 * first run pays for npm pack and the unpacking.
 */
function fetchNode(version: string): string {
  const nodePackage = `node-${process.platform}-${process.arch}@${version}`;
  const kept = join(REPO, 'node_modules', '.cache', nodePackage.replace('@', '-'));
  const executable = join(kept, 'package', 'bin', 'node');
  if (existsSync(executable)) return executable;
  // Unpacked beside where it is kept: the rename that keeps it must stay on one file system
  // (the run's temporary folder may be in memory).
  mkdirSync(dirname(kept), { recursive: true });
  const fetched = mkdtempSync(`${kept}.partial-`);
  try {
    // npm pack downloads the package tarball only (no install scripts, nothing put on PATH).
    const pack = sh(NPM, ['pack', nodePackage, '--prefer-offline', '--json', '--pack-destination', fetched], {
      cwd: fetched,
      timeoutMs: 600_000,
    });
    assert.equal(pack.status, 0, explain(`npm pack ${nodePackage} (needs the npm registry, or the package in the npm cache)`, pack));
    const [info] = JSON.parse(pack.stdout) as [{ filename: string }];
    // Only the executable: the package's C headers alone are 67 MB in 2,800 files.
    const untar = sh('tar', ['-xzf', join(fetched, info.filename), '-C', fetched, 'package/bin/node'], { timeoutMs: 120_000 });
    assert.equal(untar.status, 0, explain('tar', untar));
    assert.ok(existsSync(join(fetched, 'package', 'bin', 'node')), `${nodePackage} has no bin/node`);
    rmSync(join(fetched, info.filename), { force: true });
    // Another run may have kept it meanwhile: then this copy is dropped.
    if (!existsSync(kept)) renameSync(fetched, kept);
  } finally {
    rmSync(fetched, { recursive: true, force: true });
  }
  assert.ok(existsSync(executable), `${nodePackage} has no bin/node`);
  return executable;
}

for (const { version: LTS, line } of RELEASES) {
  describe(`the bundle on Node ${LTS} (${line})`, () => {
    let work = '';
    let node = '';
    before(() => {
      work = mkdtempSync(join(tmpdir(), 'kuma-inject-node-lts-'));
      node = fetchNode(LTS);
    });
    after(() => rmSync(work, { recursive: true, force: true }));

    test('it is that Node, and kuma-inject version says so', () => {
      const version = sh(node, ['--version']);
      assert.equal(version.stdout.trim(), `v${LTS}`);
      const ran = sh(node, [BUNDLE, 'version']);
      assert.equal(ran.status, 0, explain('kuma-inject version', ran));
      assert.match(ran.stdout, new RegExp(`\\(Node v${LTS.replace(/\./g, '\\.')}\\)`));
    });

    test('the example package: the same output and report as on this Node (a code cache from another Node is ignored)', () => {
      const pkg = join(work, 'example-package');
      mkdirSync(pkg);
      cpSync(join(REPO, 'Kptfile'), join(pkg, 'Kptfile'));
      cpSync(join(REPO, 'example'), join(pkg, 'example'), { recursive: true });
      const args = [BUNDLE, '-f', 'example', '--config', 'example/kuma-inject.yaml'];
      const lts = sh(node, args, { cwd: pkg });
      assert.equal(lts.status, 0, explain(`node ${LTS} kuma-inject`, lts));
      const here = sh(process.execPath, args, { cwd: pkg });
      assert.equal(lts.stdout, here.stdout);
      assert.equal(lts.stderr, here.stderr);
      assert.match(lts.stdout, /- name: kuma-sidecar/);
    });

    test("the bundle turns Node's own compile cache on and is kept there between runs (the build's V8 cache is for the build's Node only)", () => {
      // Node keeps the cache in NODE_COMPILE_CACHE when set; unset, only a module.enableCompileCache()
      // call turns it on, into the temporary folder: so files there mean the bundle asked for it.
      const tmp = join(work, 'tmp');
      mkdirSync(tmp);
      const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
      delete env['NODE_COMPILE_CACHE'];
      const input = readFileSync(join(REPO, 'test/fixtures/krm/mixed-resource-list.yaml'), 'utf8');
      const first = sh(node, [BUNDLE], { env, input });
      assert.equal(first.status, 0, explain('first run', first));
      const cache = join(tmp, 'node-compile-cache');
      const files = existsSync(cache) ? readdirSync(cache, { recursive: true }) : [];
      assert.ok(files.length > 0, `no compile cache in ${cache}`);
      const second = sh(node, [BUNDLE], { env, input });
      assert.equal(second.status, 0, explain('second run', second));
      assert.equal(second.stdout, first.stdout);
      assert.equal(second.stdout, sh(process.execPath, [BUNDLE], { input }).stdout, "the same output as on the build's Node");
    });

    test('every 2.14 injector conformance run matches its upstream golden through the bundle, on that Node', () => {
      const batches = cliConformanceBatches('2.14');
      // One process runs every batch through runProgram, the entry the executable's main calls (the
      // tests above start the executable itself): a node start per batch cost most of this file.
      const ran = sh(node, [join(REPO, 'test/fixtures/e2e/bundle-runs.cjs'), BUNDLE], {
        input: JSON.stringify(batches.map((batch) => ({ args: [], input: batch.resourceList }))),
        timeoutMs: 300_000,
      });
      assert.equal(ran.status, 0, explain(`node ${LTS} bundle-runs.cjs`, ran));
      const results = JSON.parse(ran.stdout) as { status: number; stdout: string; stderr: string }[];
      assert.equal(results.length, batches.length);
      let runs = 0;
      batches.forEach((batch, i) => {
        const result = results[i]!;
        assert.equal(result.stderr, '', `${batch.names.join(', ')}: stderr`);
        batch.check(result.status, result.stdout);
        runs += batch.names.length;
      });
      // 48 cases, 91 runs (classic + native): the count the in-process conformance test reports.
      assert.equal(runs, 91);
      process.stdout.write(
        `# Node ${LTS}: ${runs}/91 kuma 2.14.3 injector runs match their goldens through the bundle (${batches.length} runs in one process)\n`,
      );
    });
  });
}
