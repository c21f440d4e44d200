// Runs the test files under test/ with node's own runner.
//
//   node scripts/test.mjs                 every test file (unit and end-to-end)
//   node scripts/test.mjs --unit          everything but test/e2e and test/build
//   node scripts/test.mjs --e2e           test/e2e and test/build (they run the built bundle, kpt, kubectl)
//   node scripts/test.mjs a.test.ts ...   only these files
//   --typecheck                           run `tsc --noEmit` beside the tests; fail if either fails
//   --lint                                run oxlint, the line-length rule and knip (unused exports, files, dependencies) beside them too
//   --format                              run `npm run format:check` (oxfmt) beside them too
//
// The TypeScript is compiled once, by esbuild, into node_modules/.cache: one esbuild pass over the
// whole suite costs well under a second, where a TypeScript loader started in every test process
// cost most of the suite's time. `import.meta.url` is replaced by the source file's own URL, so
// tests find fixtures beside their source as before.
//
// The files run in a few batches, each one node process (twice as many batches as processes run
// at once, which is the cores plus one), packed by each file's time from the last run (kept in
// node_modules/.cache/kuma-inject-test-times.json; a fresh clone starts from
// scripts/test-times.json, the times of a fresh clone's first run: that is the only run that reads
// them, and the files that fetch packages or fill caches take several times longer then; refresh
// it from a clone's cache after its first `npm test`). In a batch each
// file's tests are one suite named for the file, run one file after another. A file that fails,
// or never reports because its batch crashed, is run again on its own with source maps. A batch's
// output is printed when it ends, in one piece; the end of the run lists failed and slow files.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
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
  if (!['--unit', '--e2e', '--typecheck', '--lint', '--format'].includes(flag)) {
    console.error(`test: unknown option ${flag} (known: --unit, --e2e, --typecheck, --lint, --format, or test file paths)`);
    process.exit(2);
  }
}

function testFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'fixtures' || name === 'testdata' ? [] : testFiles(path);
      return name.endsWith('.test.ts') ? [path] : [];
    });
}

// NODE_EXTRA_CA_CERTS makes every node process parse the whole file of certificates as it starts
// (this machine kind points it at the system's bundle: about 50 ms and a third of a bare node's
// start). Of the hundreds of node processes a run starts (test processes, kuma-inject, hosts'
// runs of it, npm), only npm opens TLS connections, to the registry: the processes this script
// starts run without it, and npm gets the same file as its own `cafile` (its trust for the
// registry), loaded only when it connects.
//
// kpt (about 45 runs) is a Go program that parses an OpenAPI document at every function run, and
// Go's collector runs several times doing it: at GOGC=400 (collect at 5x the live heap instead of
// 2x) a render of the example costs about 10 % less CPU with the same output. Only when the
// caller has not chosen a GOGC.
function childEnv(env) {
  const out = { ...env };
  out.GOGC ??= '400';
  const extra = out.NODE_EXTRA_CA_CERTS;
  delete out.NODE_EXTRA_CA_CERTS;
  if (extra !== undefined && extra !== '' && out.npm_config_cafile === undefined) out.npm_config_cafile = extra;
  return out;
}
const CHILD_ENV = childEnv(process.env);

const isE2e = (file) => E2E_DIRS.some((dir) => relative(ROOT, resolve(file)).startsWith(dir));
let files = named.length > 0 ? named : testFiles(join(ROOT, 'test'));
if (flags.has('--unit')) files = files.filter((file) => !isE2e(file));
if (flags.has('--e2e') && !flags.has('--unit')) files = files.filter(isE2e);
if (files.length === 0) {
  console.error('test: no test files selected under test/');
  process.exit(1);
}

// CPU seconds of the processes this run started (and their own children), read from the kernel's
// count of reaped children (Linux; elsewhere no CPU is reported): each file's share is the growth
// since the previous process ended, so the summary names the files that cost the machine most.
const CLOCK_TICKS = 100;
function reapedCpu() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
let cpuMark = reapedCpu();
const cpu = { checks: 0 };
function cpuSinceMark() {
  const now = reapedCpu();
  if (now === undefined || cpuMark === undefined) return undefined;
  const spent = now - cpuMark;
  cpuMark = now;
  return spent;
}

// TypeScript 7 (native) checks types. The linter (oxlint, .oxlintrc.json) and the formatter
// (oxfmt, .oxfmtrc.json) are native too: from a clean clone, ESLint and prettier cost more CPU
// than a third of the tests; these check the same rules in well under a second.
const checks = [];
if (flags.has('--typecheck'))
  checks.push([
    'tsc --noEmit',
    // Incremental: a re-run checks what changed since the last one (the state is kept in node_modules/.cache).
    run(process.execPath, [
      join(ROOT, 'node_modules/typescript-7/bin/tsc'),
      '--noEmit',
      '--incremental',
      '--tsBuildInfoFile',
      join(ROOT, 'node_modules/.cache/tsbuildinfo'),
    ]),
  ]);
if (flags.has('--lint')) {
  checks.push(['oxlint', run(process.execPath, [join(ROOT, 'node_modules/oxlint/bin/oxlint'), '--deny-warnings'])]);
  // The long-line rule oxlint lacks (ESLint's max-len, as the codebase follows it).
  checks.push(['line length', run(process.execPath, [join(ROOT, 'scripts/line-length.mjs')])]);
  // knip's cache keeps the parse of files that did not change.
  checks.push([
    'knip',
    run(process.execPath, [
      join(ROOT, 'node_modules/knip/bin/knip.js'),
      '--no-progress',
      '--cache',
      '--cache-location',
      join(ROOT, 'node_modules/.cache/knip'),
    ]),
  ]);
}

if (flags.has('--format')) checks.push(['oxfmt --check', run('npm', ['run', '--silent', 'format:check'])]);

const cache = join(ROOT, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const out = mkdtempSync(join(cache, 'kuma-inject-tests-'));
// Every result any test makes kuma-inject report (in-process or through the binary, whose env the
// hosts pass on) must carry a code of src/core/result-codes.ts; src/krm/code-audit.ts logs the
// ones that do not, and a non-empty log fails the run.
const auditDir = mkdtempSync(join(tmpdir(), 'kuma-inject-codes-'));
// The tests' temporary files go to a folder of this run (TMPDIR, which node, git and kpt honour),
// removed at the end: a test that forgets its own leaves nothing behind, and a check that lists a
// temporary folder lists this run's files only. Outside the repository, as the system's is.
const runTmp = mkdtempSync(join(scratchRoot(), 'kuma-inject-test-run-'));
// Open to every user as /tmp is (sticky): some tests run the binary as another user.
chmodSync(runTmp, 0o1777);
// The test processes of this run (runFiles adds and removes them).
const children = new Set();
// However this process ends (an error, a stdout closed under it: `npm test | head`), its test
// processes stop and its folders go; the run's temporary folder may be in memory.
process.on('exit', () => {
  for (const child of children) child.kill('SIGTERM');
  rmSync(out, { recursive: true, force: true });
  rmSync(runTmp, { recursive: true, force: true });
  rmSync(auditDir, { recursive: true, force: true });
});
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
    // Linked, not inline, and not read unless asked for: node's --enable-source-maps parses the map
    // of every module as it loads, which cost each test process more than half a second.
    // A failing file is run again with them (runFiles), so its stack traces name TypeScript lines.
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    // Sources that call `require` (src/krm/lazy-yaml.ts) get node's, resolving from the repository.
    banner: {
      js: "import { createRequire as kumaInjectTestRequire } from 'node:module'; const require = kumaInjectTestRequire(import.meta.url);",
    },
    plugins: [ownImportMetaUrl()],
  });
  const compiled = files.map((file) => ({
    name: relative(ROOT, resolve(file)),
    path: join(out, relative(ROOT, resolve(file))).replace(/\.ts$/, '.js'),
  }));
  // Two cores: a third process keeps a core busy while another waits on kpt, kubectl or git.
  status = await runFiles(compiled, Math.max(2, availableParallelism() + 1), { KUMA_INJECT_UNCODED_RESULTS_LOG: auditLog, TMPDIR: runTmp });
} finally {
  rmSync(out, { recursive: true, force: true });
  rmSync(runTmp, { recursive: true, force: true });
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
  console.error(
    `\ntest: ${lines.length} result(s) were reported without a code of src/core/result-codes.ts; give each finding a code:\n${lines.slice(0, 20).join('\n')}`,
  );
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
if (checks.length > 0 && cpuMark !== undefined)
  console.log(`test: CPU of the checks beside them (${checks.map(([name]) => name).join(', ')}) ${cpu.checks.toFixed(1)} s`);
process.exit(status !== 0 ? status : failedCheck);

/**
 * Where the run's temporary folder goes: TMPDIR when it is set, else Linux's memory file system
 * (/dev/shm) when there is one to write to, else the system's temporary folder. A run writes and
 * removes tens of thousands of files (git repositories, npm installs, kpt packages, an unpacked
 * Node); on a disk-backed /tmp (ext4 mounted with `discard` on this machine kind) the file
 * system's work for them cost about 8 s of CPU per run, in memory it is a fraction of that.
 */
function scratchRoot() {
  if ((process.env.TMPDIR ?? '') !== '') return tmpdir();
  // Tests write executables (a kuma-inject on PATH, kustomize plugins) there and run them: the
  // folder must allow that (/dev/shm is mounted noexec on some systems).
  let probe;
  try {
    probe = mkdtempSync('/dev/shm/kuma-inject-probe-');
    const script = join(probe, 'probe');
    writeFileSync(script, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    if (spawnSync(script).status === 0) return '/dev/shm';
  } catch {
    // No memory file system to write to.
  } finally {
    if (probe !== undefined) rmSync(probe, { recursive: true, force: true });
  }
  return tmpdir();
}

function run(command, argv, env = {}) {
  return new Promise((done) => {
    const child = spawn(command, argv, { cwd: ROOT, stdio: 'inherit', env: { ...CHILD_ENV, ...env } });
    child.on('error', (error) => {
      console.error(`test: could not start ${command}: ${error.message}`);
      done(1);
    });
    child.on('exit', (code, signal) => {
      cpu.checks += cpuSinceMark() ?? 0;
      done(code ?? (signal === null ? 1 : 128));
    });
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

/**
 * Splits the files into `count` batches of about equal time (longest first, each to the lightest
 * batch), by the last run's times, else a guess: end-to-end files are the long ones.
 */
function batchesOf(compiled, count, guess) {
  const batches = Array.from({ length: Math.min(count, compiled.length) }, () => ({ files: [], expected: 0 }));
  const longestFirst = [...compiled].sort((a, b) => guess(b.name) - guess(a.name) || (a.name < b.name ? -1 : 1));
  for (const file of longestFirst) {
    const lightest = batches.reduce((min, batch) => (batch.expected < min.expected ? batch : min));
    lightest.files.push(file);
    lightest.expected += guess(file.name);
  }
  return batches.sort((a, b) => b.expected - a.expected);
}

/**
 * Writes the entry of one batch: each file's tests become one suite named for the file, so the
 * report groups them by file and gives each file's time, and a file whose import throws fails its
 * own suite, not the batch. The files run one after another, in one process.
 */
function batchEntry(batch, index) {
  const entry = join(out, `batch-${index}.mjs`);
  const suites = batch.files.map(
    (file) => `describe(${JSON.stringify(file.name)}, async () => { await import(${JSON.stringify(pathToFileURL(file.path).href)}); });`,
  );
  writeFileSync(entry, `import { describe } from 'node:test';\n${suites.join('\n')}\n`);
  return entry;
}

/** Runs one test entry in a node process of its own; resolves to its exit code and output. */
function runEntry(entry, nodeOptions, env, children) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...nodeOptions, '--test-reporter=spec', entry], {
      cwd: ROOT,
      env: { ...CHILD_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => chunks.push(Buffer.from(`test: could not start node for ${entry}: ${error.message}\n`)));
    child.on('close', (exit, signal) => {
      children.delete(child);
      done({ code: exit ?? (signal === null ? 1 : 128), text: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/** Each file's outcome from a batch's report: its suite's closing line, `✔ name (12.3ms)` or `✖ …`. */
function fileOutcomes(text) {
  const outcomes = new Map();
  for (const match of text.matchAll(/^([✔✖]) (test\/\S+\.test\.ts) \(([\d.]+)ms\)$/gmu)) {
    outcomes.set(match[2], { passed: match[1] === '✔', ms: Number(match[3]) });
  }
  return outcomes;
}

/**
 * Runs the compiled test files in batches, `slots` processes at a time, the longest batch first.
 * A process per file cost more than most files' tests (node's start, and loading the same source
 * modules again in every process); a batch loads them once. A file whose suite fails, or never
 * reports (its batch crashed), is run again on its own with source maps, so that its stack traces
 * name TypeScript lines and a failure that only happens beside other files shows as such.
 */
async function runFiles(compiled, slots, env) {
  const timesFile = join(cache, 'kuma-inject-test-times.json');
  const readTimes = (path) => {
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      return {};
    }
  };
  // This machine's last run, else the times committed beside this script (a fresh clone, CI).
  const times = { ...readTimes(join(ROOT, 'scripts', 'test-times.json')), ...readTimes(timesFile) };
  const guess = (name) => times[name] ?? (isE2e(name) ? 10_000 : 1_000);
  // Twice as many batches as slots: small enough to even out at the end, few enough to share loading.
  const queue = batchesOf(compiled, slots * 2, guess).map((batch, index) => ({ ...batch, index, entry: batchEntry(batch, index) }));
  const started = Date.now();
  const took = {};
  const failed = [];
  const notes = [];
  const counts = { tests: 0, pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
  // The exit handler stops the test processes and removes the folders.
  const stop = () => process.exit(130);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const addCounts = (text) => {
    for (const key of Object.keys(counts)) {
      const match = new RegExp(`^ℹ ${key} (\\d+)$`, 'm').exec(text);
      if (match) counts[key] += Number(match[1]);
    }
  };
  // Each batch has a temporary folder of its own inside the run's, removed as soon as the batch
  // is done, while the others still run: removing the whole run's at the end took a second in
  // which one core had nothing else to do.
  const removals = [];
  const worker = async () => {
    for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
      const begin = Date.now();
      const batchTmp = join(env.TMPDIR, `batch-${batch.index + 1}`);
      mkdirSync(batchTmp);
      chmodSync(batchTmp, 0o1777);
      const batchEnv = { ...env, TMPDIR: batchTmp };
      const { code, text } = await runEntry(batch.entry, [], batchEnv, children);
      const spent = cpuSinceMark();
      if (spent !== undefined) cpu[`batch ${batch.index}`] = spent;
      addCounts(text);
      const outcomes = fileOutcomes(text);
      for (const [name, outcome] of outcomes) took[name] = outcome.ms;
      const cost = spent === undefined ? '' : `, ${spent.toFixed(1)} s CPU`;
      process.stdout.write(
        `\n▶ batch ${batch.index + 1}: ${batch.files.length} file(s) (${((Date.now() - begin) / 1000).toFixed(1)} s${cost}${code === 0 ? '' : `, exit ${code}`})\n${text}`,
      );
      const suspects = batch.files.filter((file) => outcomes.get(file.name)?.passed !== true);
      if (code !== 0 && suspects.length === 0) {
        failed.push(`batch ${batch.index + 1} (exit ${code} with every file's suite passing; see its report above)`);
      }
      for (const file of suspects) {
        const alone = await runEntry(
          batchEntry({ files: [file] }, `${batch.index}-${file.name.replaceAll('/', '_')}`),
          ['--enable-source-maps'],
          batchEnv,
          children,
        );
        // The re-run is this batch's cost too.
        if (spent !== undefined) cpu[`batch ${batch.index}`] += cpuSinceMark() ?? 0;
        const verdict =
          alone.code === 0 ? 'passed on its own (so it fails only beside other files, or is flaky)' : 'failed again on its own';
        process.stdout.write(
          `\n▶ ${file.name} ${outcomes.has(file.name) ? 'failed' : 'did not report'} in batch ${batch.index + 1}; run again on its own with source maps, it ${verdict}:\n${alone.text}`,
        );
        failed.push(file.name);
        notes.push(`${file.name}: ${verdict}`);
      }
      removals.push(rm(batchTmp, { recursive: true, force: true }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(slots, queue.length) }, worker));
  await Promise.all(removals);
  process.removeListener('SIGINT', stop);
  process.removeListener('SIGTERM', stop);
  writeFileSync(timesFile, `${JSON.stringify({ ...times, ...took }, null, 1)}\n`);
  const slowest = Object.entries(took)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8);
  const testCpu = Object.entries(cpu).reduce((sum, [name, spent]) => (name === 'checks' ? sum : sum + spent), 0);
  console.log(
    `\ntest: ${compiled.length} files, ${counts.tests} tests, ${counts.pass} pass, ${counts.fail} fail, ${counts.skipped} skipped, ${counts.todo} todo, ${counts.cancelled} cancelled in ${((Date.now() - started) / 1000).toFixed(1)} s (${slots} processes at a time)`,
  );
  console.log(`test: slowest files: ${slowest.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
  if (cpuMark !== undefined) console.log(`test: CPU of the test processes ${testCpu.toFixed(1)} s`);
  if (failed.length > 0) console.error(`test: ${failed.length} file(s) failed:\n${failed.map((name) => `  ${name}`).join('\n')}`);
  for (const note of notes) console.error(`test: ${note}`);
  return failed.length === 0 ? 0 : 1;
}
