// Runs the test files under test/ with node's own runner.
//
//   node scripts/test.mjs                 every test file (unit and end-to-end)
//   node scripts/test.mjs --unit          everything but test/e2e and test/build
//   node scripts/test.mjs --e2e           test/e2e and test/build (they run the built bundle, kpt, kubectl)
//   node scripts/test.mjs a.test.ts ...   only these files
//   --typecheck                           run `tsc --noEmit` beside the tests; fail if either fails
//   --lint                                run eslint and knip (unused exports, files, dependencies) beside them too
//
// The TypeScript is compiled once, by esbuild, into node_modules/.cache: one esbuild pass over the
// whole suite costs well under a second, where a TypeScript loader started in every test process
// cost most of the suite's time. Each test file still runs in its own process. `import.meta.url`
// is replaced by the source file's own URL, so tests find fixtures beside their source as before.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const E2E_DIRS = ['test/e2e/', 'test/build/'];

const args = process.argv.slice(2);
const flags = new Set(args.filter((arg) => arg.startsWith('--')));
const named = args.filter((arg) => !arg.startsWith('--'));
for (const flag of flags) {
  if (!['--unit', '--e2e', '--typecheck', '--lint'].includes(flag)) {
    console.error(`test: unknown option ${flag} (known: --unit, --e2e, --typecheck, --lint, or test file paths)`);
    process.exit(2);
  }
}

function testFiles(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' || name === 'testdata' ? [] : testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const isE2e = (file) => E2E_DIRS.some((dir) => relative(ROOT, resolve(file)).startsWith(dir));
let files = named.length > 0 ? named : testFiles(join(ROOT, 'test'));
if (flags.has('--unit')) files = files.filter((file) => !isE2e(file));
if (flags.has('--e2e') && !flags.has('--unit')) files = files.filter(isE2e);
if (files.length === 0) {
  console.error('test: no test files selected under test/');
  process.exit(1);
}

// TypeScript 7 (native) checks types; the classic TypeScript beside it is what eslint and knip parse with.
const checks = [];
if (flags.has('--typecheck')) checks.push(['tsc --noEmit', run(process.execPath, [join(ROOT, 'node_modules/typescript-7/bin/tsc'), '--noEmit'])]);
if (flags.has('--lint')) {
  // eslint's cache keeps a re-run to the files that changed.
  checks.push(['eslint', run(process.execPath, [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--cache', '--cache-location', join(ROOT, 'node_modules/.cache/eslint/'), '.'])]);
  checks.push(['knip', run(process.execPath, [join(ROOT, 'node_modules/knip/bin/knip.js'), '--no-progress'])]);
}

const cache = join(ROOT, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const out = mkdtempSync(join(cache, 'kuma-inject-tests-'));
// Every result any test makes kuma-inject report (in-process or through the binary, whose env the
// hosts pass on) must carry a code of src/core/result-codes.ts; src/krm/code-audit.ts logs the
// ones that do not, and a non-empty log fails the run.
const auditDir = mkdtempSync(join(tmpdir(), 'kuma-inject-codes-'));
const auditLog = join(auditDir, 'uncoded.jsonl');
let status = 1;
try {
  await build({
    absWorkingDir: ROOT,
    entryPoints: files.map((file) => resolve(file)),
    outbase: ROOT,
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
    // Sources that call `require` (src/krm/lazy-yaml.ts) get node's, resolving from the repository.
    banner: { js: "import { createRequire as kumaInjectTestRequire } from 'node:module'; const require = kumaInjectTestRequire(import.meta.url);" },
    plugins: [ownImportMetaUrl()],
  });
  const compiled = files.map((file) => join(out, relative(ROOT, resolve(file))).replace(/\.ts$/, '.js'));
  // Two cores: a third process keeps a core busy while another waits on kpt, kubectl or git.
  const concurrency = String(Math.max(2, availableParallelism() + 1));
  status = await run(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...compiled], { KUMA_INJECT_UNCODED_RESULTS_LOG: auditLog });
} finally {
  rmSync(out, { recursive: true, force: true });
}
let uncoded = '';
try {
  uncoded = readFileSync(auditLog, 'utf8');
} catch {
  // No result without a code: nothing was logged.
}
rmSync(auditDir, { recursive: true, force: true });
if (uncoded !== '') {
  const lines = [...new Set(uncoded.trimEnd().split('\n'))];
  console.error(`\ntest: ${lines.length} result(s) were reported without a code of src/core/result-codes.ts; give each finding a code:\n${lines.slice(0, 20).join('\n')}`);
  if (status === 0) status = 1;
}
let failedCheck = 0;
for (const [name, check] of checks) {
  const code = await check;
  if (code !== 0) {
    console.error(`test: ${name} failed (exit ${code})`);
    failedCheck = code;
  }
}
process.exit(status !== 0 ? status : failedCheck);

function run(command, argv, env = {}) {
  return new Promise((done) => {
    const child = spawn(command, argv, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => {
      console.error(`test: could not start ${command}: ${error.message}`);
      done(1);
    });
    child.on('exit', (code, signal) => done(code ?? (signal === null ? 1 : 128)));
  });
}

/** Replaces `import.meta.url` in the repository's TypeScript by that file's own URL. */
function ownImportMetaUrl() {
  return {
    name: 'own-import-meta-url',
    setup(esbuild) {
      esbuild.onLoad({ filter: /\.ts$/ }, (loaded) => {
        if (loaded.path.includes(`${join('node_modules', '')}`)) return undefined;
        const source = readFileSync(loaded.path, 'utf8');
        const url = JSON.stringify(pathToFileURL(loaded.path).href);
        return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}
