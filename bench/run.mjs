// `npm run bench`: whole-process wall time and peak RSS of kuma-inject (KRM mode, ResourceList on
// stdin) against two floors on the same data (js-yaml load+dump, JSON parse+stringify), start-up
// against `node -e 0`, and the read/write layer's own in-process cost. Runs are paired (the
// commands alternate) and the median is reported. Bundles are generated into .bench/ (gitignored).
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';

const DIR = '.bench';
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const RUNS = { 1: 9, 100: 5, 1000: 5, 10000: 3 };
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const rssFile = join(DIR, 'rss.txt');

mkdirSync(DIR, { recursive: true });
for (const n of [1, ...SIZES]) {
  if (!existsSync(join(DIR, `rl-${n}.yaml`)) || !existsSync(join(DIR, `rl-${n}.json`))) {
    spawnSync(process.execPath, ['bench/gen.mjs', String(n), DIR], { stdio: 'inherit' });
  }
}

/** One whole-process run: wall ms (spawn to exit) and peak RSS MB. */
function measure(argv, stdinFile) {
  const stdin = stdinFile === undefined ? 'ignore' : openSync(stdinFile, 'r');
  const command = TIME === undefined ? argv : [TIME, '-f', '%M', '-o', rssFile, ...argv];
  const start = process.hrtime.bigint();
  const run = spawnSync(command[0], command.slice(1), { stdio: [stdin, 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (typeof stdin === 'number') closeSync(stdin);
  let rss = NaN;
  if (TIME !== undefined) {
    rss = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024;
    rmSync(rssFile, { force: true });
  }
  return { wall, rss, status: run.status, stderr: run.stderr?.toString() ?? '' };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Alternates the commands `runs` times; returns per-command medians and the per-pair ratios' median. */
function paired(commands, runs) {
  const samples = commands.map(() => []);
  for (let r = 0; r < runs; r += 1) {
    commands.forEach((command, i) => samples[i].push(measure(command.argv, command.stdin)));
  }
  return samples.map((list) => ({
    wall: median(list.map((s) => s.wall)),
    rss: median(list.map((s) => s.rss)),
    walls: list.map((s) => s.wall),
    status: list[0].status,
    stderr: list[0].stderr,
  }));
}

const node = process.execPath;
const fn = ['dist/kuma-inject.cjs'];
const rows = [];
const t0 = Date.now();

const [zero, one] = paired([{ argv: [node, '-e', '0'] }, { argv: [node, ...fn], stdin: join(DIR, 'rl-1.yaml') }], RUNS[1]);
const startRatio = median(one.walls.map((w, i) => w / zero.walls[i]));
rows.push(['start-up', '1', `node -e 0 ${zero.wall.toFixed(0)} ms`, `kuma-inject ${one.wall.toFixed(0)} ms (exit ${one.status})`, `${startRatio.toFixed(2)}× (target ≤ 1.5)`, `${zero.rss.toFixed(0)} / ${one.rss.toFixed(0)} MB`]);

for (const n of SIZES) {
  const yamlFile = join(DIR, `rl-${n}.yaml`);
  const jsonFile = join(DIR, `rl-${n}.json`);
  const [fnRun, jsyaml, json] = paired([
    { argv: [node, ...fn], stdin: yamlFile },
    { argv: [node, 'bench/floor-jsyaml.mjs', yamlFile] },
    { argv: [node, 'bench/floor-json.mjs', jsonFile] },
  ], RUNS[n] ?? 3);
  if (fnRun.status !== 0) process.stderr.write(`kuma-inject exited ${fnRun.status} at N=${n}: ${fnRun.stderr.slice(0, 400)}\n`);
  const ratio = median(fnRun.walls.map((w, i) => w / jsyaml.walls[i]));
  rows.push([`N=${n}`, String(n),
    `js-yaml ${(jsyaml.wall / 1000).toFixed(2)} s, JSON ${(json.wall / 1000).toFixed(2)} s`,
    `kuma-inject ${(fnRun.wall / 1000).toFixed(2)} s (exit ${fnRun.status})`,
    `${ratio.toFixed(2)}× js-yaml${n === 10000 ? ' (target ≤ 2)' : ''}, ${(fnRun.wall / json.wall).toFixed(2)}× JSON`,
    `${fnRun.rss.toFixed(0)} MB (js-yaml ${jsyaml.rss.toFixed(0)}, JSON ${json.rss.toFixed(0)})`]);
}

// Re-render: kpt runs the function on its own output at every render, so the already-injected
// bundle (bigger, every workload stripped and injected again) is measured too, against its floor.
const rerenderN = SIZES[SIZES.length - 1];
const renderedFile = join(DIR, `rl-${rerenderN}.rendered.yaml`);
const rendered = spawnSync(node, fn, { input: readFileSync(join(DIR, `rl-${rerenderN}.yaml`)), maxBuffer: 1 << 30 });
writeFileSync(renderedFile, rendered.stdout);
const [again, againFloor] = paired([
  { argv: [node, ...fn], stdin: renderedFile },
  { argv: [node, 'bench/floor-jsyaml.mjs', renderedFile] },
], RUNS[rerenderN] ?? 3);
rows.push([`re-render N=${rerenderN}`, String(rerenderN),
  `js-yaml ${(againFloor.wall / 1000).toFixed(2)} s`,
  `kuma-inject ${(again.wall / 1000).toFixed(2)} s (exit ${again.status})`,
  `${median(again.walls.map((w, i) => w / againFloor.walls[i])).toFixed(2)}× js-yaml`,
  `${again.rss.toFixed(0)} MB (js-yaml ${againFloor.rss.toFixed(0)})`]);

// The layer alone, in-process (bundled like the product, so the JIT sees the same code).
await build({ entryPoints: ['bench/layer-entry.ts'], outfile: join(DIR, 'krm-layer.mjs'), bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
const layerN = SIZES[SIZES.length - 1];
const layer = spawnSync(node, ['bench/layer.mjs', join(DIR, `rl-${layerN}.yaml`), '3'], { encoding: 'utf8' });
const stages = layer.status === 0 ? JSON.parse(layer.stdout) : undefined;

console.log('\nkuma-inject benchmark (wall = whole process, median; ratio = median of paired ratios)\n');
const header = ['case', 'N', 'floors', 'kuma-inject', 'ratio', 'peak RSS'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
if (stages !== undefined) {
  console.log(`\nread/write layer in-process at N=${layerN} (every Deployment changed): read ${stages.read.toFixed(0)} ms, fake inject ${stages.inject.toFixed(0)} ms, write ${stages.write.toFixed(0)} ms, total ${stages.total.toFixed(0)} ms, output ${stages.outMB.toFixed(1)} MB`);
} else {
  console.log(`\nlayer bench failed: ${layer.stderr.slice(0, 400)}`);
}
console.log(`\nbench time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
