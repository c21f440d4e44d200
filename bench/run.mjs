// `npm run bench`: whole-process wall time and peak RSS of kuma-inject (KRM mode, ResourceList on
// stdin) against two floors on the same data (js-yaml load+dump, JSON parse+stringify), start-up
// against `node -e 0`, linearity for workloads and for Services, the re-render case, the two hosts
// that matter (kpt fn eval --exec, Argo CD's generate) with host vs function time, and the
// read/write layer's own in-process cost. Runs are paired (the commands alternate) and the median
// is reported. Bundles are generated into .bench/ (gitignored).
//
// Environment: BENCH_SIZES (default 100,1000,10000), BENCH_HOSTS=0 skips the host runs (kpt alone
// needs minutes and gigabytes at 10,000), BENCH_LINEAR=0 skips the Services linearity runs.
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { build } from 'esbuild';
import { describeShape } from './gen.mjs';

// Every command runs without NODE_EXTRA_CA_CERTS: a machine that sets it (this kind does, to the
// system's bundle) makes each node start parse that file first, about 50 ms that are the machine's,
// not the program's, and that would flatter every start-up ratio against `node -e 0`.
const caCerts = process.env.NODE_EXTRA_CA_CERTS;
delete process.env.NODE_EXTRA_CA_CERTS;

const DIR = '.bench';
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const LARGEST = SIZES[SIZES.length - 1];
const RUNS = { 1: 9, 100: 5, 1000: 5, 10000: 3 };
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const rssFile = join(DIR, 'rss.txt');
const hosts = process.env.BENCH_HOSTS !== '0';
const linear = process.env.BENCH_LINEAR !== '0';
const SERVICE_SIZES = [1000, 10000];

function generated(base, args) {
  if (!existsSync(join(DIR, `${base}.yaml`)) || !existsSync(join(DIR, `${base}.shape.json`))) {
    const run = spawnSync(process.execPath, ['bench/gen.mjs', ...args, DIR], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (run.status !== 0) throw new Error(`bench/gen.mjs ${args.join(' ')} failed`);
  }
  return JSON.parse(readFileSync(join(DIR, `${base}.shape.json`), 'utf8'));
}

mkdirSync(DIR, { recursive: true });
const shapes = new Map();
for (const n of [1, ...SIZES]) shapes.set(`rl-${n}`, generated(`rl-${n}`, [String(n)]));
if (linear) for (const n of SERVICE_SIZES) shapes.set(`svc-${n}`, generated(`svc-${n}`, [String(n), '--services']));

/** One whole-process run: wall ms (spawn to exit), CPU ms (user + system) and peak RSS MB. */
function measure(argv, stdinFile, options = {}) {
  const stdin = stdinFile === undefined ? 'ignore' : openSync(stdinFile, 'r');
  const command = TIME === undefined ? argv : [TIME, '-f', '%M %U %S', '-o', rssFile, ...argv];
  const start = process.hrtime.bigint();
  const run = spawnSync(command[0], command.slice(1), { stdio: [stdin, 'ignore', 'pipe'], maxBuffer: 1 << 30, ...options });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (typeof stdin === 'number') closeSync(stdin);
  let rss = NaN;
  let cpu = NaN;
  if (TIME !== undefined) {
    const [maxKb, user, system] = (readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
    rss = maxKb / 1024;
    cpu = (user + system) * 1000;
    rmSync(rssFile, { force: true });
  }
  const stderr = run.stderr?.toString() ?? '';
  // A floor that prepares its data first says how long that took (floor-jsyaml-output.mjs).
  const prep = /^prep ([\d.]+) ([\d.]+)$/m.exec(stderr);
  if (prep !== null) return { wall: wall - Number(prep[1]), cpu: cpu - Number(prep[2]), rss, status: run.status, stderr };
  return { wall, cpu, rss, status: run.status, stderr };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Alternates the commands `runs` times; returns per-command medians and the samples. */
function paired(commands, runs) {
  const samples = commands.map(() => []);
  for (let r = 0; r < runs; r += 1) {
    commands.forEach((command, i) => samples[i].push(measure(command.argv, command.stdin)));
  }
  return samples.map((list) => ({
    wall: median(list.map((s) => s.wall)),
    rss: Math.max(...list.map((s) => s.rss)),
    walls: list.map((s) => s.wall),
    cpus: list.map((s) => s.cpu),
    status: list[0].status,
    stderr: list[0].stderr,
  }));
}
const ratioOf = (a, b) => median(a.walls.map((w, i) => w / b.walls[i]));
/** The same ratio of CPU time (user + system): steadier than wall time on a shared machine. */
const cpuRatioOf = (a, b) => median(a.cpus.map((c, i) => c / b.cpus[i]));
const both = (a, b) => `${ratioOf(a, b).toFixed(2)}× (CPU ${cpuRatioOf(a, b).toFixed(2)}×)`;
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;

const node = process.execPath;
const fn = ['dist/kuma-inject.cjs'];
const rows = [];
const notes = [];
const t0 = Date.now();
const loadBefore = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');

console.log('bundles:');
for (const [base, shape] of shapes) console.log(`  ${base}: ${describeShape(shape)}`);

const [zero, one] = paired([{ argv: [node, '-e', '0'] }, { argv: [node, ...fn], stdin: join(DIR, 'rl-1.yaml') }], RUNS[1]);
rows.push([
  '1 workload (start-up)',
  `node -e 0: ${zero.wall.toFixed(0)} ms`,
  `${one.wall.toFixed(0)} ms${one.status === 0 ? '' : ` (exit ${one.status})`}`,
  `${both(one, zero)} (target ≤ 1.3)`,
  `${one.rss.toFixed(0)} MB (node -e 0: ${zero.rss.toFixed(0)})`,
]);

const fnWall = new Map();
for (const n of SIZES) {
  const yamlFile = join(DIR, `rl-${n}.yaml`);
  const jsonFile = join(DIR, `rl-${n}.json`);
  // kuma-inject's own output, for the floor that writes what it writes.
  const outFile = join(DIR, `rl-${n}.rendered.yaml`);
  writeFileSync(outFile, spawnSync(node, fn, { input: readFileSync(yamlFile), maxBuffer: 1 << 30 }).stdout);
  const [fnRun, jsyaml, json, sameOutput, noPreviews] = paired(
    [
      { argv: [node, ...fn], stdin: yamlFile },
      { argv: [node, 'bench/floor-jsyaml.mjs', yamlFile] },
      { argv: [node, 'bench/floor-json.mjs', jsonFile] },
      { argv: [node, 'bench/floor-jsyaml-output.mjs', yamlFile, outFile] },
      // What previews cost: the same run without them, against the round-trip floor.
      { argv: [node, ...fn, '--previews', 'off'], stdin: yamlFile },
    ],
    RUNS[n] ?? 3,
  );
  if (fnRun.status !== 0) process.stderr.write(`kuma-inject exited ${fnRun.status} at N=${n}: ${fnRun.stderr.slice(0, 400)}\n`);
  fnWall.set(n, fnRun.wall);
  const target = n === 10000 ? ' (target ≤ 1.2)' : n === 1000 ? ' (target ≤ 1.5)' : '';
  rows.push([
    `${n.toLocaleString('en')} workloads`,
    `js-yaml: ${sec(jsyaml.wall)} (JSON: ${sec(json.wall)})`,
    `${sec(fnRun.wall)}${fnRun.status === 0 ? '' : ` (exit ${fnRun.status})`}`,
    `${both(fnRun, jsyaml)}${target}`,
    `${fnRun.rss.toFixed(0)} MB (js-yaml: ${jsyaml.rss.toFixed(0)})${n === 10000 ? ' (target ≤ 450)' : ''}`,
  ]);
  rows.push([
    `${n.toLocaleString('en')} workloads, same output`,
    `js-yaml load + dump of kuma-inject's output: ${sec(sameOutput.wall)}`,
    `${sec(fnRun.wall)}`,
    both(fnRun, sameOutput),
    `${fnRun.rss.toFixed(0)} MB (js-yaml: ${sameOutput.rss.toFixed(0)}, preparation included)`,
  ]);
  rows.push([
    `${n.toLocaleString('en')} workloads, previews off`,
    `js-yaml: ${sec(jsyaml.wall)}`,
    `${sec(noPreviews.wall)}${noPreviews.status === 0 ? '' : ` (exit ${noPreviews.status})`}`,
    both(noPreviews, jsyaml),
    `${noPreviews.rss.toFixed(0)} MB (js-yaml: ${jsyaml.rss.toFixed(0)})`,
  ]);
}

// Re-render: kpt runs the function on its own output at every render, so the already-injected
// bundle (bigger, every workload stripped and injected again) is measured too, against its floor.
const renderedFile = join(DIR, `rl-${LARGEST}.rendered.yaml`);
const [again, againFloor] = paired(
  [{ argv: [node, ...fn], stdin: renderedFile }, { argv: [node, 'bench/floor-jsyaml.mjs', renderedFile] }],
  RUNS[LARGEST] ?? 3,
);
rows.push([
  `re-render ${LARGEST.toLocaleString('en')}`,
  `js-yaml: ${sec(againFloor.wall)}`,
  `${sec(again.wall)}${again.status === 0 ? '' : ` (exit ${again.status})`}`,
  `${both(again, againFloor)} (target ≤ 1.0)`,
  `${again.rss.toFixed(0)} MB (js-yaml: ${againFloor.rss.toFixed(0)})`,
]);

// Linearity: time(10,000) / time(1,000) for workloads (the runs above) and for Services (N Services
// in one namespace sharing selector labels with every pod: the Service index's worst case).
if (fnWall.has(1000) && fnWall.has(10000))
  notes.push(`linearity, workloads: time(10,000) / time(1,000) = ${(fnWall.get(10000) / fnWall.get(1000)).toFixed(2)} (target ≤ 11)`);
if (linear) {
  const [small, large] = paired(
    SERVICE_SIZES.map((n) => ({ argv: [node, ...fn], stdin: join(DIR, `svc-${n}.yaml`) })),
    3,
  );
  const status = small.status === 0 && large.status === 0 ? '' : ` (exit ${small.status}/${large.status})`;
  notes.push(
    `linearity, Services: ${sec(small.wall)} at 1,000 Services, ${sec(large.wall)} at 10,000: ratio ${(large.wall / small.wall).toFixed(2)} (target ≤ 11)${status}`,
  );
}

// The hosts: the same largest bundle as a repository's files, through `kpt fn eval --exec` and
// through the Argo CD generate command the way argocd-cmp-server runs it (copy, env, timeout,
// parse). bench/timed.mjs records the function's own wall time; the rest is the host's.
if (hosts) {
  const pkg = resolve(DIR, `pkg-${LARGEST}`);
  if (!existsSync(pkg)) spawnSync(node, ['bench/gen.mjs', String(LARGEST), DIR, '--dir'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const timing = resolve(DIR, 'function-timing.txt');
  const functionMs = () => {
    const ms = existsSync(timing)
      ? readFileSync(timing, 'utf8')
          .trim()
          .split('\n')
          .map(Number)
          .reduce((a, b) => a + b, 0)
      : NaN;
    rmSync(timing, { force: true });
    return ms;
  };
  const timed = `${node} ${resolve('bench/timed.mjs')} ${timing} ${node} ${resolve('dist/kuma-inject.cjs')}`;
  rmSync(timing, { force: true });
  if (spawnSync('kpt', ['version'], { stdio: 'ignore' }).status === 0) {
    const kpt = measure(['kpt', 'fn', 'eval', pkg, '-o', 'stdout', '--exec', timed]);
    const own = functionMs();
    notes.push(
      `kpt fn eval --exec, ${LARGEST.toLocaleString('en')} workloads: ${sec(kpt.wall)} in all (exit ${kpt.status}), kuma-inject ${sec(own)} (${((100 * own) / kpt.wall).toFixed(0)} %), kpt ${sec(kpt.wall - own)}; peak RSS ${kpt.rss.toFixed(0)} MB (kpt's process)`,
    );
  } else notes.push('kpt fn eval: skipped (kpt not on PATH)');
  const repo = resolve(DIR, 'argocd-repo');
  rmSync(repo, { recursive: true, force: true });
  cpSync(pkg, join(repo, 'apps/shop'), { recursive: true });
  const argo = measure(
    ['bash', 'test/fixtures/e2e/argocd/simulate-cmp.sh', repo, 'apps/shop', '--', ...timed.split(' '), 'argocd-generate'],
    undefined,
    { env: { ...process.env, APP_NS: 'shop', TAR_EXCLUDE: './.git/*', TIMEOUT_S: '600' } },
  );
  const own = functionMs();
  rmSync(repo, { recursive: true, force: true });
  notes.push(
    `Argo CD generate (CMP v2 simulation), ${LARGEST.toLocaleString('en')} workloads: ${sec(argo.wall)} in all (exit ${argo.status}), kuma-inject ${sec(own)} (${((100 * own) / argo.wall).toFixed(0)} %), repository copy + manifest parse ${sec(argo.wall - own)}`,
  );
}

// The layer alone, in-process (bundled like the product, so the JIT sees the same code).
await build({
  entryPoints: ['bench/layer-entry.ts'],
  outfile: join(DIR, 'krm-layer.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
const layer = spawnSync(node, ['bench/layer.mjs', join(DIR, `rl-${LARGEST}.yaml`), '3'], { encoding: 'utf8' });
const stages = layer.status === 0 ? JSON.parse(layer.stdout) : undefined;
if (stages !== undefined) {
  notes.push(
    `read/write layer in-process at ${LARGEST.toLocaleString('en')} (every Deployment changed by a fake injection): read ${stages.read.toFixed(0)} ms, inject ${stages.inject.toFixed(0)} ms, write ${stages.write.toFixed(0)} ms, total ${stages.total.toFixed(0)} ms, output ${stages.outMB.toFixed(1)} MB`,
  );
} else notes.push(`layer bench failed: ${layer.stderr.slice(0, 400)}`);

console.log(
  '\nkuma-inject benchmark (wall = whole process, median; ratio = median of paired ratios of wall time, and of CPU time; RSS = peak)\n',
);
const header = ['case', 'floor', 'kuma-inject', 'ratio', 'peak RSS'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
console.log('');
for (const note of notes) console.log(`- ${note}`);
console.log(
  `\nbench time ${((Date.now() - t0) / 1000).toFixed(0)} s; load average before ${loadBefore}, after ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (${process.version}${caCerts === undefined ? '' : `; NODE_EXTRA_CA_CERTS was set and left out of every run`})`,
);
